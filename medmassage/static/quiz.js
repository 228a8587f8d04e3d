/* Static quizzes (medmassage.quiz.static): check answers in the browser, no kernel or network needed.
   Loaded only on pages that contain a quiz. */
(function () {
  "use strict";

  function selected(form) {
    return Array.prototype.filter
      .call(form.querySelectorAll("input"), function (input) { return input.checked; });
  }

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

  function updateScore(quiz) {
    var score = quiz.querySelector(".mm-quiz-score");
    var right = quiz.querySelectorAll(".mm-quiz-question[data-solved]").length;
    score.textContent = "Correct so far: " + right + " of " + score.getAttribute("data-total");
  }

  function check(event) {
    event.preventDefault();
    var form = event.currentTarget;
    var region = form.querySelector(".mm-quiz-feedback");
    var explanation = form.querySelector(".mm-quiz-explanation");
    var chosen = selected(form);
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
    say(region, right ? "mm-quiz-right" : "mm-quiz-wrong", [right ? "Correct." : "Not quite. Try again."].concat(notes));
    explanation.hidden = !right;
    if (right) { form.setAttribute("data-solved", ""); }
    updateScore(form.closest(".mm-quiz"));
  }

  function init() {
    document.querySelectorAll(".mm-quiz-question").forEach(function (form) {
      form.addEventListener("submit", check);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
