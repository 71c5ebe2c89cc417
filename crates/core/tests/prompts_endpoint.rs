//! AI-assisted condensing: endpoint validation, the request body and parsing real-shaped answers
//! of OpenAI, Ollama and LM Studio.

use baton_core::prompts::{
    condense_request_body, parse_chat_response, validate_endpoint, AiEndpoint, EndpointProblem, ResponseProblem,
    CONDENSE_SYSTEM_PROMPT,
};
use serde_json::Value;

fn url(input: &str) -> String {
    validate_endpoint(input, "gpt-4o-mini").unwrap_or_else(|error| panic!("{input}: {error:?}")).url
}

fn refusal(input: &str, model: &str) -> EndpointProblem {
    validate_endpoint(input, model).expect_err(input)
}

#[test]
fn a_base_address_gets_chat_completions_appended() {
    assert_eq!(url("https://api.openai.com/v1"), "https://api.openai.com/v1/chat/completions");
    assert_eq!(url("https://api.openai.com/v1/"), "https://api.openai.com/v1/chat/completions");
    assert_eq!(url("  https://openrouter.ai/api/v1  "), "https://openrouter.ai/api/v1/chat/completions");
    assert_eq!(url("http://localhost:11434/v1"), "http://localhost:11434/v1/chat/completions");
    assert_eq!(url("http://127.0.0.1:1234/v1"), "http://127.0.0.1:1234/v1/chat/completions");
    assert_eq!(url("http://[::1]:8080/v1"), "http://[::1]:8080/v1/chat/completions");
}

#[test]
fn a_full_address_is_kept() {
    assert_eq!(url("https://api.openai.com/v1/chat/completions"), "https://api.openai.com/v1/chat/completions");
    assert_eq!(url("http://localhost:1234/v1/chat/completions/"), "http://localhost:1234/v1/chat/completions");
    assert_eq!(
        url("https://api.groq.com/openai/v1/chat/completions"),
        "https://api.groq.com/openai/v1/chat/completions"
    );
}

#[test]
fn a_bare_host_gets_the_usual_v1_path() {
    assert_eq!(url("https://api.openai.com"), "https://api.openai.com/v1/chat/completions");
    assert_eq!(url("http://localhost:11434/"), "http://localhost:11434/v1/chat/completions");
}

#[test]
fn scheme_and_host_are_lowercased_the_path_and_query_kept() {
    assert_eq!(url("HTTPS://API.Example.COM/V1"), "https://api.example.com/V1/chat/completions");
    assert_eq!(
        url("https://example.openai.azure.com/openai/v1?api-version=preview"),
        "https://example.openai.azure.com/openai/v1/chat/completions?api-version=preview"
    );
}

#[test]
fn the_model_is_trimmed_and_required() {
    let endpoint = validate_endpoint("https://api.openai.com/v1", "  llama3.1:8b ").unwrap();
    assert_eq!(
        endpoint,
        AiEndpoint { url: "https://api.openai.com/v1/chat/completions".into(), model: "llama3.1:8b".into() }
    );
    assert_eq!(refusal("https://api.openai.com/v1", "   "), EndpointProblem::NoModel);
    assert_eq!(refusal("https://api.openai.com/v1", ""), EndpointProblem::NoModel);
}

#[test]
fn plain_http_is_only_for_this_computer() {
    for remote in
        ["http://api.openai.com/v1", "http://192.168.1.20:11434/v1", "http://localhost.evil.com/v1", "http://[::2]/v1"]
    {
        assert_eq!(refusal(remote, "m"), EndpointProblem::InsecureRemote, "{remote}");
    }
}

#[test]
fn other_addresses_are_refused_with_what_to_do() {
    use EndpointProblem::*;
    let cases = [
        ("", NoAddress),
        ("   ", NoAddress),
        ("https://api.openai .com/v1", Spaces),
        ("ftp://example.com/v1", NoScheme),
        ("api.openai.com/v1", NoScheme),
        ("javascript:alert(1)", NoScheme),
        ("https://", NoHost),
        ("https:///v1", NoHost),
        ("http://[]:8080/v1", NoHost),
        ("https://user:sk-secret@api.openai.com/v1", Credentials),
        ("https://api.openai.com/v1#section", Fragment),
        ("http://localhost:11434/v1#x", Fragment),
    ];
    for (input, problem) in cases {
        assert_eq!(refusal(input, "m"), problem, "{input:?}");
    }
}

#[test]
fn the_address_is_checked_before_the_model() {
    // One problem at a time, the address first: it is the field above the model's.
    assert_eq!(refusal("", ""), EndpointProblem::NoAddress);
    assert_eq!(refusal("http://api.openai.com/v1", ""), EndpointProblem::InsecureRemote);
}

#[test]
fn the_request_body_has_the_model_both_messages_and_a_low_temperature() {
    let endpoint = validate_endpoint("http://localhost:11434/v1", "llama3.1").unwrap();
    let draft = "# Handoff\n\nQuotes \" and backslashes \\ and ✅ survive.";
    let body: Value = serde_json::from_str(&condense_request_body(&endpoint, draft)).unwrap();
    assert_eq!(body["model"], "llama3.1");
    assert_eq!(body["temperature"], 0.2);
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["role"], "system");
    assert_eq!(messages[0]["content"], CONDENSE_SYSTEM_PROMPT);
    assert_eq!(messages[1]["role"], "user");
    assert_eq!(messages[1]["content"], draft);
    assert_eq!(body.as_object().unwrap().len(), 3, "nothing else is sent: {body}");
    // The key is never part of the body.
    assert!(!condense_request_body(&endpoint, draft).contains("Bearer"));
}

#[test]
fn the_system_prompt_asks_to_keep_decisions_and_invent_nothing() {
    for phrase in ["decision", "constraint", "file path", "next step", "Do not invent"] {
        assert!(CONDENSE_SYSTEM_PROMPT.contains(phrase), "{phrase}");
    }
}

const OPENAI: &str = r##"{
  "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
  "object": "chat.completion",
  "created": 1741570283,
  "model": "gpt-4o-mini-2024-07-18",
  "choices": [
    {
      "index": 0,
      "message": {
        "role": "assistant",
        "content": "# Master prompt\n\nGoal: parse invoices.\n- Decided: integer cents.",
        "refusal": null,
        "annotations": []
      },
      "logprobs": null,
      "finish_reason": "stop"
    }
  ],
  "usage": {
    "prompt_tokens": 1117,
    "completion_tokens": 46,
    "total_tokens": 1163,
    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
  },
  "service_tier": "default",
  "system_fingerprint": "fp_06737a9306"
}"##;

const OLLAMA: &str = r#"{"id":"chatcmpl-720","object":"chat.completion","created":1732016734,"model":"llama3.1","system_fingerprint":"fp_ollama","choices":[{"index":0,"message":{"role":"assistant","content":"\n\nCondensed: keep SQLite; next, ask about dates.\n"},"finish_reason":"stop"}],"usage":{"prompt_tokens":29,"completion_tokens":10,"total_tokens":39}}"#;

const LM_STUDIO: &str = r#"{
  "id": "chatcmpl-p1zq3u3d8kq7b5q0x8mhg",
  "object": "chat.completion",
  "created": 1731500000,
  "model": "lmstudio-community/meta-llama-3.1-8b-instruct",
  "choices": [
    {"index": 0, "logprobs": null, "finish_reason": "stop", "message": {"role": "assistant", "content": "Goal: tide tables, offline."}}
  ],
  "usage": {"prompt_tokens": 54, "completion_tokens": 9, "total_tokens": 63},
  "stats": {},
  "system_fingerprint": "lmstudio-community/meta-llama-3.1-8b-instruct"
}"#;

#[test]
fn answers_of_openai_ollama_and_lm_studio_give_the_content() {
    assert_eq!(
        parse_chat_response(OPENAI).unwrap(),
        "# Master prompt\n\nGoal: parse invoices.\n- Decided: integer cents."
    );
    assert_eq!(parse_chat_response(OLLAMA).unwrap(), "Condensed: keep SQLite; next, ask about dates.");
    assert_eq!(parse_chat_response(LM_STUDIO).unwrap(), "Goal: tide tables, offline.");
}

#[test]
fn content_sent_as_parts_is_joined() {
    let body = r#"{"choices":[{"index":0,"message":{"role":"assistant","content":[{"type":"text","text":"Part one. "},{"type":"text","text":"Part two."}]}}]}"#;
    assert_eq!(parse_chat_response(body).unwrap(), "Part one. Part two.");
}

#[test]
fn error_bodies_give_the_endpoints_message() {
    let openai = r#"{"error":{"message":"Incorrect API key provided: sk-abc***xyz. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#;
    let error = |message: &str| ResponseProblem::Error { message: Some(message.to_string()) };
    assert_eq!(
        parse_chat_response(openai).unwrap_err(),
        error(
            "Incorrect API key provided: sk-abc***xyz. You can find your API key at \
             https://platform.openai.com/account/api-keys."
        )
    );
    let ollama = r#"{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error","param":null,"code":null}}"#;
    assert_eq!(parse_chat_response(ollama).unwrap_err(), error("model \"llama9\" not found, try pulling it first"));
    let lm_studio = r#"{"error":"Unexpected endpoint or method. (POST /v1/chat/completion)"}"#;
    assert_eq!(
        parse_chat_response(lm_studio).unwrap_err(),
        error("Unexpected endpoint or method. (POST /v1/chat/completion)")
    );
    // The message is trimmed; none, or only spaces, is no message.
    assert_eq!(parse_chat_response(r#"{"error":{"message":"  overloaded \n"}}"#).unwrap_err(), error("overloaded"));
    for bare in
        [r#"{"error":{"type":"server_error"}}"#, r#"{"error":{"message":"  "}}"#, r#"{"error":""}"#, r#"{"error":42}"#]
    {
        assert_eq!(parse_chat_response(bare).unwrap_err(), ResponseProblem::Error { message: None }, "{bare}");
    }
}

#[test]
fn a_null_error_field_is_not_an_error() {
    let body = r#"{"error":null,"choices":[{"message":{"role":"assistant","content":"ok"}}]}"#;
    assert_eq!(parse_chat_response(body).unwrap(), "ok");
}

#[test]
fn answers_that_are_not_json_say_what_they_began_with() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>";
    assert_eq!(
        parse_chat_response(html).unwrap_err(),
        ResponseProblem::NotJson { start: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>n".into() }
    );
    assert_eq!(
        parse_chat_response("  {\"choices\": [").unwrap_err(),
        ResponseProblem::NotJson { start: "{\"choices\": [".into() }
    );
    // Sixty characters, not bytes: a multi-byte answer is not cut inside a character.
    let long = "é".repeat(100);
    assert_eq!(parse_chat_response(&long).unwrap_err(), ResponseProblem::NotJson { start: "é".repeat(60) });
    for empty in ["", "  \n\t "] {
        assert_eq!(parse_chat_response(empty).unwrap_err(), ResponseProblem::Empty, "{empty:?}");
    }
}

#[test]
fn answers_without_choices_or_content_are_refused() {
    assert_eq!(parse_chat_response(r#"{"choices":[]}"#).unwrap_err(), ResponseProblem::NoChoice);
    for listless in [r#"{"object":"list","data":[]}"#, "[1, 2]", r#"{"choices":"none"}"#, "null", r#"{"error":null}"#] {
        assert_eq!(parse_chat_response(listless).unwrap_err(), ResponseProblem::NoChoices, "{listless}");
    }
    for empty in [
        r#"{"choices":[{"message":{"role":"assistant","content":""}}]}"#,
        r#"{"choices":[{"message":{"role":"assistant","content":"  \n "}}]}"#,
        r#"{"choices":[{"message":{"role":"assistant","content":null,"tool_calls":[]}}]}"#,
        r#"{"choices":[{"message":{"role":"assistant","content":[{"type":"image_url"}]}}]}"#,
        r#"{"choices":[{"index":0}]}"#,
    ] {
        assert_eq!(parse_chat_response(empty).unwrap_err(), ResponseProblem::EmptyAnswer, "{empty}");
    }
}
