// Applies the chosen colour theme before the first paint, so a dark-theme user never sees a
// light flash while the wasm loads. Mirrors src/theme.rs (localStorage "baton.theme", JSON text).
(function () {
  try {
    var theme = JSON.parse(localStorage.getItem("baton.theme") || '"system"');
    if (theme === "light" || theme === "dark") {
      document.documentElement.setAttribute("data-theme", theme);
    }
  } catch (_) {
    /* no storage: follow the system theme */
  }
})();
