"use strict";
// The editorial blocks' text in Trix (static/press/vendor/trix), limited to what the public
// page keeps (press.models.ALLOWED_TAGS): its heading is an <h3>, files are refused, and the
// strike-through and code buttons are hidden (rich_text.css). Its paragraphs come out as
// <div>: the form maps them to <p> (press/rich_text.py), then sanitises as for typed HTML.
// Loaded as a file from the form's Media: the site's CSP allows no inline script.
(function () {
  Trix.config.blockAttributes.heading1.tagName = "h3";
  document.addEventListener("trix-file-accept", function (event) {
    event.preventDefault();
  });

  function enhance(root) {
    root.querySelectorAll("textarea.press-rich-text").forEach(function (textarea) {
      // The inline's hidden template row is copied by "Add another": enhance the copy.
      if (textarea.closest(".empty-form") || textarea.dataset.richText) {
        return;
      }
      textarea.dataset.richText = "on";
      if (textarea.dataset.labels) {
        // The toolbar is built when the editor joins the page: in these words.
        Object.assign(Trix.config.lang, JSON.parse(textarea.dataset.labels));
      }
      var editor = document.createElement("trix-editor");
      editor.setAttribute("input", textarea.id);
      editor.className = "trix-content press-rich-text-editor";
      var label = document.querySelector('label[for="' + textarea.id + '"]');
      if (label) {
        editor.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
      }
      textarea.hidden = true;
      textarea.after(editor);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhance(document);
  });
  document.addEventListener("formset:added", function (event) {
    enhance(event.target);
  });
})();
