// Spring '68: a student's vote page (served by game/serve/students.py; no library, nothing from elsewhere).
//
// The device is known to the class only by a random token kept in this browser (localStorage), so a
// reload, a dropped connection or a locked phone comes back to the same vote. Everything the server
// sends is shown with textContent: it never becomes markup.
(function () {
  "use strict";
  var code = document.body.getAttribute("data-code") || "";
  var statusLine = document.getElementById("status");
  var linkLine = document.getElementById("link");
  var title = document.getElementById("title");
  var situation = document.getElementById("situation");
  var choicesBox = document.getElementById("choices");
  var note = document.getElementById("note");
  var FINAL = { 4404: true, 4410: true, 4429: true, 1003: true };
  var socket = null;
  var retry = 0;
  var timer = null;
  var finished = false;
  var state = null;

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += ("0" + bytes[i].toString(16)).slice(-2);
    }
    return out;
  }

  function deviceToken() {
    var key = "spring68-device";
    try {
      var kept = window.localStorage.getItem(key);
      if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) {
        return kept;
      }
      var made = newToken();
      window.localStorage.setItem(key, made);
      return made;
    } catch (e) {
      return window.__spring68Token || (window.__spring68Token = newToken());
    }
  }
  var token = deviceToken();

  function say(text) {
    statusLine.textContent = text;
  }

  function show(next) {
    state = next;
    var decision = next.decision || null;
    var phase = next.phase;
    note.textContent = "";
    choicesBox.textContent = "";
    situation.hidden = true;
    if (phase === "ended") {
      finished = true;
      title.textContent = "The class has ended";
      say(next.message || "This class has ended.");
      return;
    }
    if (!decision) {
      title.textContent = "Spring '68";
      say("Waiting for the next vote…");
      return;
    }
    title.textContent = decision.title;
    if (decision.text) {
      situation.textContent = decision.text;
      situation.hidden = false;
    }
    var result = next.result || null;
    var counts = result ? result.counts || {} : {};
    decision.choices.forEach(function (choice, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "choice";
      button.setAttribute("data-choice", choice.id);
      button.setAttribute("aria-pressed", next.mine === choice.id ? "true" : "false");
      button.textContent = index + 1 + ". " + choice.label;
      if (result) {
        var count = document.createElement("span");
        count.className = "count";
        count.textContent = String(counts[choice.id] || 0);
        button.appendChild(count);
        if (result.choice === choice.id) {
          button.classList.add("chosen");
        }
      }
      button.disabled = phase !== "open";
      button.addEventListener("click", function () {
        vote(choice.id);
      });
      choicesBox.appendChild(button);
    });
    if (phase === "open") {
      say(next.mine ? "Vote received. You can change it until the vote closes." : "Vote: tap a choice.");
    } else if (phase === "closed") {
      say("The vote has closed. Waiting for the result…");
    } else if (phase === "result") {
      say("The class chose: " + result.label);
    }
  }

  function vote(choice) {
    if (!socket || socket.readyState !== 1 || !state || !state.decision) {
      note.textContent = "Not connected: your vote was not sent. Reconnecting…";
      return;
    }
    socket.send(JSON.stringify({ type: "vote", decision: state.decision.id, choice: choice }));
  }

  function connect() {
    if (finished || (socket && socket.readyState <= 1)) {
      return;
    }
    clearTimeout(timer);
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + window.location.host + "/c/" + encodeURIComponent(code) + "/ws");
    linkLine.textContent = "connecting…";
    socket.onopen = function () {
      retry = 0;
      linkLine.textContent = "connected";
      socket.send(JSON.stringify({ type: "hello", token: token }));
    };
    socket.onmessage = function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type === "state") {
        show(message);
      } else if (message.type === "received") {
        if (state && state.decision && state.decision.id === message.decision) {
          state.mine = message.choice;
          show(state);
        }
      } else if (message.type === "refused") {
        if (message.state) {
          show(message.state);
        }
        note.textContent = message.message;
      } else if (message.type === "error") {
        note.textContent = message.message;
      }
    };
    socket.onclose = function (event) {
      socket = null;
      if (FINAL[event.code]) {
        finished = true;
        linkLine.textContent = "not connected";
        title.textContent =
          event.code === 4404 ? "Wrong code" : event.code === 4410 ? "The class has ended" : "Cannot join";
        choicesBox.textContent = "";
        situation.hidden = true;
        say(event.reason || "This class cannot be joined.");
        return;
      }
      linkLine.textContent = "reconnecting…";
      retry = Math.min(retry + 1, 5);
      timer = setTimeout(connect, 500 * Math.pow(2, retry - 1));
    };
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      connect(); // a phone unlocked: back at once, not after the back-off
    }
  });
  window.addEventListener("online", connect);
  connect();
})();
