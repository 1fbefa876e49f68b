// negbot page: show timed sessions in the reader's own zone, and copy feed addresses.
// The page is complete without this file; it only adds to it.
"use strict";

(function () {
  function readerTimes() {
    var zone;
    try {
      zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    var day = new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "short", year: "numeric",
    });
    var clock = new Intl.DateTimeFormat(undefined, {
      hour: "2-digit", minute: "2-digit", timeZoneName: "short",
    });
    var times = document.querySelectorAll("time[data-start]");
    for (var i = 0; i < times.length; i++) {
      var node = times[i];
      if (node.getAttribute("data-zone") === zone) continue;  // the venue's time is theirs
      var start = new Date(node.getAttribute("data-start"));
      if (isNaN(start.getTime())) continue;
      var text = day.format(start) + ", " + clock.format(start);
      var endText = node.getAttribute("data-end");
      if (endText) {
        var end = new Date(endText);
        if (!isNaN(end.getTime())) {
          text = day.format(start) + ", " + start.toLocaleTimeString(undefined, {
            hour: "2-digit", minute: "2-digit",
          }) + "–" + clock.format(end);
          if (day.format(end) !== day.format(start)) {
            text = day.format(start) + ", " + clock.format(start) + " – " +
              day.format(end) + ", " + clock.format(end);
          }
        }
      }
      var out = node.parentNode.querySelector(".reader-time");
      if (!out) continue;
      out.textContent = "your time (" + zone + "): " + text;
      out.hidden = false;
    }
  }

  function copyButtons() {
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      (function (button) {
        var input = document.getElementById(button.getAttribute("data-copy"));
        if (!input) return;
        var status = button.parentNode.parentNode.querySelector(".copied");
        function said(text) {
          if (status) status.textContent = text;
        }
        button.hidden = false;
        button.addEventListener("click", function () {
          var value = input.value;
          function fallback() {
            input.focus();
            input.select();
            try {
              said(document.execCommand("copy") ? "Copied." : "Select the address and copy it.");
            } catch (e) {
              said("Select the address and copy it.");
            }
          }
          if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(value).then(function () { said("Copied."); }, fallback);
          } else {
            fallback();
          }
        });
      })(buttons[i]);
    }
  }

  function ready() {
    readerTimes();
    copyButtons();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
