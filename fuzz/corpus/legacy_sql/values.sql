INSERT INTO t VALUES(1,'a''b',X'00',-2.5e3,NULL),(2,replace('x\ny','\n',char(10)),unistr('\u00e9'));
