/* Static quizzes (medmassage.quiz.static) and the progress page (medmassage.quiz.progress): check
   answers in the browser, no kernel or network needed. Answers are kept in this browser's
   localStorage only, one entry per quiz: {question id: {v: question version, s: "solved"|"tried",
   c: [chosen options]}}. An answer counts only for the version it was given to, so an edited
   question starts fresh. Loaded only on pages that contain a quiz or the progress table. */
(function () {
  "use strict";

  var PREFIX = "medmassage-quiz:";

  // Blocked storage (a private window, site data turned off) throws on access: then nothing is
  // saved, and the quizzes work just the same.
  var store = (function () {
    try {
      var storage = window.localStorage;
      storage.setItem(PREFIX + "probe", "1");
      storage.removeItem(PREFIX + "probe");
      return storage;
    } catch (e) {
      return null;
    }
  })();

  function load(quizId) {
    try {
      var saved = store && JSON.parse(store.getItem(PREFIX + quizId));
      return saved && typeof saved === "object" ? saved : {};
    } catch (e) {
      return {};
    }
  }

  function remember(quizId, questionId, entry) {
    if (!store) { return; }
    var saved = load(quizId);  // read again: another tab may have saved meanwhile
    saved[questionId] = entry;
    try { store.setItem(PREFIX + quizId, JSON.stringify(saved)); } catch (e) { /* full: carry on unsaved */ }
  }

  function forget(quizId) {
    try { if (store) { store.removeItem(PREFIX + quizId); } } catch (e) { /* nothing saved */ }
  }

  function savedEntry(saved, questionId, version) {
    var entry = saved[questionId];
    return entry && entry.v === version ? entry : null;
  }

  function each(root, selector, action) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), action);
  }

  /* ---- a chapter's quiz ---- */

  function say(region, className, parts) {
    region.className = "mm-quiz-feedback " + className;
    region.textContent = "";
    parts.forEach(function (text, i) {
      var p = document.createElement("p");
      if (i === 0) {
        var strong = document.createElement("strong");
        strong.textContent = text;
        p.appendChild(strong);
      } else {
        p.textContent = text;
      }
      region.appendChild(p);
    });
  }

  // A note on an answer restored from an earlier visit. It is not a live region: the quiz's
  // score line announces the restored answers once, for the whole quiz.
  function noteEarlier(form, text) {
    var note = form.querySelector(".mm-quiz-earlier");
    if (!text) {
      if (note) { note.parentNode.removeChild(note); }
      return;
    }
    if (!note) {
      note = document.createElement("p");
      note.className = "mm-quiz-earlier";
      form.insertBefore(note, form.querySelector(".mm-quiz-feedback"));
    }
    note.textContent = text;
  }

  function updateScore(quiz, suffix) {
    var score = quiz.querySelector(".mm-quiz-score");
    var right = quiz.querySelectorAll(".mm-quiz-question[data-solved]").length;
    score.textContent = "Correct so far: " + right + " of " + score.getAttribute("data-total") + (suffix || "");
  }

  function check(event) {
    event.preventDefault();
    var form = event.currentTarget;
    var quiz = form.closest(".mm-quiz");
    var region = form.querySelector(".mm-quiz-feedback");
    var chosen = Array.prototype.filter.call(form.querySelectorAll("input"), function (input) { return input.checked; });
    if (chosen.length === 0) {
      say(region, "mm-quiz-empty", ["Choose an answer first."]);
      return;
    }
    var correct = form.getAttribute("data-correct").split(",");
    var picked = chosen.map(function (input) { return input.value; });
    var right = picked.length === correct.length &&
      picked.every(function (value) { return correct.indexOf(value) !== -1; });
    var notes = chosen.map(function (input) { return input.getAttribute("data-feedback"); });
    if (!right && form.getAttribute("data-type") === "multiple") {
      var missed = correct.length - picked.filter(function (v) { return correct.indexOf(v) !== -1; }).length;
      if (missed > 0) { notes.push(missed === 1 ? "One correct option is not selected." : missed + " correct options are not selected."); }
    }
    noteEarlier(form, "");
    say(region, right ? "mm-quiz-right" : "mm-quiz-wrong", [right ? "Correct." : "Not quite. Try again."].concat(notes));
    form.querySelector(".mm-quiz-explanation").hidden = !right;
    if (right) {
      form.setAttribute("data-solved", "");
      remember(quiz.getAttribute("data-quiz"), form.getAttribute("data-question"),
        { v: form.getAttribute("data-version"), s: "solved", c: picked });
    } else if (!form.hasAttribute("data-solved")) {
      remember(quiz.getAttribute("data-quiz"), form.getAttribute("data-question"),
        { v: form.getAttribute("data-version"), s: "tried" });
    }
    updateScore(quiz);
  }

  function restore(quiz) {
    var saved = load(quiz.getAttribute("data-quiz"));
    var restored = 0;
    each(quiz, ".mm-quiz-question", function (form) {
      var entry = savedEntry(saved, form.getAttribute("data-question"), form.getAttribute("data-version"));
      if (!entry) { return; }
      restored += 1;
      if (entry.s === "solved") {
        var chosen = Array.isArray(entry.c) ? entry.c.map(String) : [];
        each(form, "input", function (input) { input.checked = chosen.indexOf(input.value) !== -1; });
        form.setAttribute("data-solved", "");
        form.querySelector(".mm-quiz-explanation").hidden = false;
        noteEarlier(form, "You solved this on an earlier visit.");
      } else {
        noteEarlier(form, "You tried this on an earlier visit; it is not solved yet.");
      }
    });
    if (restored) { updateScore(quiz, ". Your earlier answers on this device are shown."); }
  }

  function clearQuiz(quiz) {
    forget(quiz.getAttribute("data-quiz"));
    each(quiz, ".mm-quiz-question", function (form) {
      form.reset();
      form.removeAttribute("data-solved");
      noteEarlier(form, "");
      var region = form.querySelector(".mm-quiz-feedback");
      region.className = "mm-quiz-feedback";
      region.textContent = "";
      form.querySelector(".mm-quiz-explanation").hidden = true;
    });
    updateScore(quiz, ". Your answers were cleared.");
  }

  function initQuiz(quiz) {
    each(quiz, ".mm-quiz-question", function (form) { form.addEventListener("submit", check); });
    quiz.querySelector(".mm-quiz-clear").addEventListener("click", function () { clearQuiz(quiz); });
    if (store) {
      var saving = document.createElement("p");
      saving.className = "mm-quiz-saving";
      saving.textContent = "Your answers are kept in this browser only, so you can come back to them. They are never sent anywhere.";
      quiz.appendChild(saving);
      restore(quiz);
    }
  }

  /* ---- the progress page ---- */

  function fillProgress(section) {
    var totals = { solved: 0, tried: 0 };
    each(section, "tbody tr[data-quiz]", function (row) {
      var saved = load(row.getAttribute("data-quiz"));
      var counts = { solved: 0, tried: 0 };
      row.getAttribute("data-questions").split(" ").forEach(function (pair) {
        var parts = pair.split(":");
        var entry = savedEntry(saved, parts[0], parts[1]);
        if (entry) { counts[entry.s === "solved" ? "solved" : "tried"] += 1; }
      });
      row.querySelector(".mm-progress-solved").textContent = counts.solved;
      row.querySelector(".mm-progress-tried").textContent = counts.tried;
      totals.solved += counts.solved;
      totals.tried += counts.tried;
    });
    var total = section.querySelector(".mm-progress-total");
    total.querySelector(".mm-progress-solved").textContent = totals.solved;
    total.querySelector(".mm-progress-tried").textContent = totals.tried;
    return totals;
  }

  function initProgress(section) {
    var status = section.querySelector(".mm-progress-status");
    var button = section.querySelector(".mm-progress-clear");
    if (!store) {
      status.textContent = "This browser is not keeping quiz answers (a private window, or site data turned off), " +
        "so there is nothing to show. The quizzes still work; your answers last until you leave the page.";
      button.hidden = true;
      return;
    }
    var totals = fillProgress(section);
    status.textContent = "You have solved " + totals.solved + " of " +
      section.querySelector(".mm-progress-total td").textContent + " questions on this device.";
    button.addEventListener("click", function () {
      if (!window.confirm("Clear your answers to every quiz in this browser?")) { return; }
      each(section, "tbody tr[data-quiz]", function (row) { forget(row.getAttribute("data-quiz")); });
      fillProgress(section);
      status.textContent = "Your answers to every quiz were cleared from this browser.";
    });
  }

  function init() {
    each(document, ".mm-quiz", initQuiz);
    each(document, ".mm-progress", initProgress);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
