/* The COMMIT blocks in the browser: forms are sent to the block's handlers as JSON and
   the server's answer (already translated, already escaped) replaces the outcome region.
   Everything works with the keyboard: native controls, focus moved to what changed. */
(function () {
  "use strict";

  /* The few messages made here come from the server's language catalogue when the page
     has loaded it (window.CommitTrainingI18N, the blocks' i18n_js_namespace); else English. */
  function gettext(text) {
    var catalogue = window.CommitTrainingI18N;
    return catalogue && catalogue.gettext ? catalogue.gettext(text) : text;
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken()},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) {
        return {ok: response.ok, body: body};
      }, function () {
        return {ok: false, body: {error: gettext("Error %(status)s").replace("%(status)s", response.status)}};
      });
    });
  }

  function showError(root, message) {
    var box = root.querySelector(".commit-error");
    box.textContent = message;
    box.hidden = false;
    box.focus();
  }

  /* The live region outside the replaced block (root.html) reads out the new result:
     a region inserted with its text already in it is not announced. */
  function announce(root, region) {
    var status = root.querySelector(".commit-status");
    var source = region.querySelector("[data-announce]");
    if (!status || !source) { return; }
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = source.textContent.replace(/\s+/g, " ").trim();
    }, 100);
  }

  /* A handler answers with its outcome region only (result_html): the result, the
     next step or the debrief; or, when the page already holds the result (the
     pre-test's "recorded"), with which one to show (shows). The rest of the block stays as the learner left it: the
     form keeps their answers, or goes when no attempt is left (can_submit false).
     Once answered, a case shows all its stages; the submit button reads "Try again". */
  function showOutcome(root, body) {
    var block = root.querySelector(".commit-block");
    var region = block.querySelector(".commit-outcome");
    if (body.result_html) {
      region.innerHTML = body.result_html;
    } else {  /* a result the page holds already, hidden until now (the pre-test's) */
      region.querySelector("[data-shows='" + body.shows + "']").hidden = false;
    }
    if (body.can_submit === false) {
      block.querySelectorAll("[data-while-open]").forEach(function (node) { node.remove(); });
    } else if (body.can_submit === true) {
      block.querySelectorAll("[data-again]").forEach(function (button) {
        button.textContent = button.getAttribute("data-again");
      });
      block.querySelectorAll("form [data-attempts]").forEach(function (node) { node.remove(); });
    }
    block.querySelectorAll("button[data-reveal]").forEach(function (button) { button.remove(); });
    block.querySelectorAll(".commit-stage[hidden], form[hidden]").forEach(function (node) {
      node.hidden = false;
    });
    bind(root, region);
    var focus = region.querySelector("[data-focus]") || block;
    focus.focus();
    announce(root, region);
  }

  function collect(form) {
    var payload = {};
    var kind = form.getAttribute("data-collect");
    if (kind === "knowledge-check") {
      payload.answers = {};
      form.querySelectorAll("input:checked").forEach(function (input) {
        (payload.answers[input.name] = payload.answers[input.name] || []).push(input.value);
      });
    } else if (kind === "case") {
      payload.indicators = [];
      form.querySelectorAll("input[name=indicator]:checked").forEach(function (input) {
        payload.indicators.push(input.value);
      });
      var conclusion = form.querySelector("input[name=conclusion]:checked");
      payload.conclusion = conclusion ? conclusion.value : null;
    } else if (kind === "evaluation") {
      payload.answers = {};
      form.querySelectorAll("input[type=radio]:checked").forEach(function (input) {
        payload.answers[input.name] = parseInt(input.value, 10);
      });
      form.querySelectorAll("textarea").forEach(function (area) {
        payload.answers[area.name] = area.value;
      });
    }
    return payload;
  }

  /* Binds the controls inside ``scope``: the whole block when it loads, the outcome
     region each time a handler has answered with it. */
  function bind(root, scope) {
    var block = root.querySelector(".commit-block");
    if (!block || !scope) { return; }
    scope.querySelectorAll("form[data-handler]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("[type=submit]");
        if (button) { button.disabled = true; }
        post(root._commitUrls[form.getAttribute("data-handler")], collect(form)).then(function (result) {
          if (button) { button.disabled = false; }
          if (result.ok && (result.body.result_html || result.body.shows)) { showOutcome(root, result.body); }
          else { showError(root, result.body.error || gettext("Error")); }
        });
      });
    });
    scope.querySelectorAll("button[data-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var payload = {};
        if (button.hasAttribute("data-choice")) { payload.choice = button.getAttribute("data-choice"); }
        button.disabled = true;
        post(root._commitUrls[button.getAttribute("data-action")], payload).then(function (result) {
          if (result.ok && (result.body.result_html || result.body.shows)) { showOutcome(root, result.body); }
          else { button.disabled = false; showError(root, result.body.error || gettext("Error")); }
        });
      });
    });
    scope.querySelectorAll("button[data-reveal]").forEach(function (button) {
      button.addEventListener("click", function () {
        var stage = block.querySelector("#" + button.getAttribute("data-reveal"));
        stage.hidden = false;
        button.hidden = true;
        var next = stage.querySelector("button[data-reveal]");
        var heading = stage.querySelector("h3, h4");
        (heading || stage).focus();
        if (!next) {
          var form = block.querySelector("form[data-collect=case]");
          if (form) { form.hidden = false; }
        }
      });
    });
  }

  function init(handlers) {
    return function (runtime, element) {
      var root = element.jquery ? element[0] : element;
      root._commitUrls = {};
      handlers.forEach(function (name) { root._commitUrls[name] = runtime.handlerUrl(root, name); });
      bind(root, root.querySelector(".commit-block"));
    };
  }

  window.CommitKnowledgeCheck = init(["submit"]);
  window.CommitCaseScenario = init(["submit"]);
  window.CommitInterviewSim = init(["choose", "restart"]);
  window.CommitCourseEvaluation = init(["submit"]);
})();
