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
    var head = data.label || ((data.outlet ? data.outlet + ": " : "") + (data.title || data.id));
    reader.querySelector(".reader-title").textContent = (data.n ? "[" + data.n + "] " : "") + head;
    var open = articleUrl(data.id) + (sentence >= 0 ? "?s=" + sentence + "#s" + sentence : "");
    reader.querySelector(".reader-open").setAttribute("href", open);
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
    // the panel (desktop) or sheet (phone) is where the reader is; bring the sentence into it
    if (target) {
      box.parentNode.scrollTop = 0;
      var top = target.offsetTop - reader.clientHeight / 3;
      reader.scrollTop = Math.max(0, top);
    } else {
      reader.scrollTop = 0;
    }
  }

  function showError(reader, message) {
    reader.querySelector(".reader-title").textContent = "Error";
    reader.querySelector(".reader-text").textContent = message;
    reader.hidden = false;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("button.copy");
    if (button) {
      button.addEventListener("click", function () {
        var status = document.querySelector(".take-out .copied");
        var link = location.href.split("#")[0];
        copy(button.getAttribute("data-copy") + "\n" + link + "\n").then(
          function () { status.textContent = "Copied the summary with its citations."; },
          function () { status.textContent = "Your browser refused to copy; select the text instead."; });
      });
    }
    var reader = document.getElementById("reader");
    if (!reader) { return; }
    reader.style.overflow = "auto";
    document.querySelectorAll("a.chip[data-article], a.ref[data-article]").forEach(function (chip) {
      chip.addEventListener("click", function (ev) {
        if (ev.ctrlKey || ev.metaKey || ev.shiftKey) { return; }  // open in a new tab as asked
        ev.preventDefault();
        document.querySelectorAll("a.active").forEach(function (c) { c.classList.remove("active"); });
        chip.classList.add("active");
        var id = chip.getAttribute("data-article");
        var s = chip.getAttribute("data-sentence");
        var sentence = s === null ? -1 : parseInt(s, 10);
        reader.setAttribute("aria-busy", "true");
        load(id).then(function (data) { showArticle(reader, data, sentence); },
                      function (err) { showError(reader, String(err.message || err)); })
          .then(function () { reader.removeAttribute("aria-busy"); });
      });
    });
    reader.querySelector(".reader-close").addEventListener("click", function () {
      reader.hidden = true;
      document.querySelectorAll("a.active").forEach(function (c) { c.classList.remove("active"); });
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && !reader.hidden) { reader.querySelector(".reader-close").click(); }
    });
  });
})();
