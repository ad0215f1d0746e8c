/* Coding a story: select a passage of the story's text with the mouse, or with the keyboard
   (Tab to the text, then Shift and the arrow keys), and the form's start and end fill in with its
   character offsets in the story as stored. Without JavaScript, the fields are typed, or the
   passage is typed exactly. The text is made a read-only text box so that keyboard selection works;
   nothing typed into it changes it. */
(function () {
  "use strict";
  var text = document.querySelector("[data-coding-text]");
  var form = document.querySelector("[data-coding-form]");
  if (!text || !form) { return; }
  var start = form.querySelector("input[name=start]");
  var end = form.querySelector("input[name=end]");
  var chosen = form.querySelector("[data-coding-chosen]");
  if (!start || !end) { return; }

  text.setAttribute("contenteditable", "true");
  text.setAttribute("role", "textbox");
  text.setAttribute("aria-readonly", "true");
  text.setAttribute("aria-multiline", "true");
  text.setAttribute("aria-label", "The story's text: select a passage to code");
  text.setAttribute("spellcheck", "false");
  ["beforeinput", "paste", "cut", "drop", "dragstart"].forEach(function (name) {
    text.addEventListener(name, function (event) { event.preventDefault(); });
  });
  text.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === "Backspace" || event.key === "Delete") { event.preventDefault(); }
  });

  function codePoints(value) { return Array.from(value).length; }

  /* The offset in the stored text of a point (node, offset) inside the story's text. */
  function offsetOf(node, offset) {
    var piece = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    while (piece && piece !== text && !piece.hasAttribute("data-start")) { piece = piece.parentElement; }
    if (!piece || piece === text) {
      /* A point between pieces: the start of the piece after it, or the end of the text. */
      var next = text.childNodes[offset];
      if (next && next.nodeType === Node.ELEMENT_NODE && next.hasAttribute("data-start")) {
        return parseInt(next.getAttribute("data-start"), 10);
      }
      var last = text.lastElementChild;
      return last ? parseInt(last.getAttribute("data-start"), 10) + length(last) : 0;
    }
    var before = node.nodeType === Node.TEXT_NODE ? node.data.slice(0, offset) : piece.textContent;
    return parseInt(piece.getAttribute("data-start"), 10) + stored(piece, before);
  }

  function stored(piece, shown) {
    /* A browser reads a Windows line end as one character; the story keeps both. */
    var extra = piece.hasAttribute("data-crlf") ? (shown.match(/\n/g) || []).length : 0;
    return codePoints(shown) + extra;
  }

  function length(piece) { return stored(piece, piece.textContent); }

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var from = offsetOf(range.startContainer, range.startOffset);
    var to = offsetOf(range.endContainer, range.endOffset);
    if (to <= from) { return; }
    start.value = String(from);
    end.value = String(to);
    if (chosen) {
      var words = range.toString();
      chosen.textContent = "Chosen: “" + (words.length > 120 ? words.slice(0, 117) + "…" : words) +
        "” (characters " + from + " to " + to + ")";
    }
  });
})();
