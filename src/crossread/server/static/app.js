// crossread reading room. Article text is hostile: it is only ever put in the page with
// textContent / createTextNode, never as HTML.
(function () {
  "use strict";
  var cache = {};

  function articleUrl(id) { return "/articles/" + encodeURIComponent(id); }

  function load(id) {
    if (!cache[id]) {
      cache[id] = fetch("/api/articles/" + encodeURIComponent(id), { headers: { Accept: "application/json" } })
        .then(function (r) {
          if (!r.ok) { throw new Error("could not load the article (HTTP " + r.status + ")"); }
          return r.json();
        });
    }
    return cache[id];
  }

  function showArticle(reader, data, sentence) {
    reader.querySelector(".reader-title").textContent =
      (data.n ? "[" + data.n + "] " : "") + (data.outlet ? data.outlet + ": " : "") + (data.title || data.id);
    reader.querySelector(".reader-open").setAttribute("href", articleUrl(data.id) + "?s=" + sentence + "#s" + sentence);
    var box = reader.querySelector(".reader-text");
    box.textContent = "";
    var text = data.text, pos = 0, target = null;
    data.sentences.forEach(function (s) {
      if (s.start < pos) { return; }
      if (s.start > pos) { box.appendChild(document.createTextNode(text.slice(pos, s.start))); }
      var span = document.createElement("span");
      span.className = "sent" + (s.used ? " used" : "") + (s.index === sentence ? " hl" : "");
      span.setAttribute("data-sentence", String(s.index));
      span.textContent = text.slice(s.start, s.end);
      box.appendChild(span);
      if (s.index === sentence) { target = span; }
      pos = s.end;
    });
    if (pos < text.length) { box.appendChild(document.createTextNode(text.slice(pos))); }
    reader.hidden = false;
    if (target) { target.scrollIntoView({ block: "center" }); }
  }

  function showError(reader, message) {
    reader.querySelector(".reader-title").textContent = "Error";
    var box = reader.querySelector(".reader-text");
    box.textContent = message;
    reader.hidden = false;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var reader = document.getElementById("reader");
    if (!reader) { return; }
    document.querySelectorAll("a.chip").forEach(function (chip) {
      chip.addEventListener("click", function (ev) {
        ev.preventDefault();
        document.querySelectorAll("a.chip.active").forEach(function (c) { c.classList.remove("active"); });
        chip.classList.add("active");
        var id = chip.getAttribute("data-article");
        var sentence = parseInt(chip.getAttribute("data-sentence"), 10);
        reader.setAttribute("aria-busy", "true");
        load(id).then(function (data) { showArticle(reader, data, sentence); },
                      function (err) { showError(reader, String(err.message || err)); })
          .then(function () { reader.removeAttribute("aria-busy"); });
      });
    });
    reader.querySelector(".reader-close").addEventListener("click", function () {
      reader.hidden = true;
      document.querySelectorAll("a.chip.active").forEach(function (c) { c.classList.remove("active"); });
    });
  });
})();
