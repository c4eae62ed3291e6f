// Spring '68: a student's vote page (served by game/serve/students.py; no library, nothing from elsewhere).
//
// The device is known to the class only by a random token kept in this browser (localStorage), so a
// reload, a dropped connection or a locked phone comes back to the same vote. Everything the server
// sends is shown with textContent: it never becomes markup. The words it shows come in the class's language
// from the page's data block (<script type="application/json" id="words">), English when one is missing.
(function () {
  "use strict";
  var ENGLISH = {
    ended_title: "The class has ended",
    ended: "This class has ended.",
    waiting: "Waiting for the next vote…",
    received: "Vote received. You can change it until the vote closes.",
    tap: "Vote: tap a choice.",
    closed: "The vote has closed. Waiting for the result…",
    chose: "The class chose: {label}",
    not_sent: "Not connected: your vote was not sent. Reconnecting…",
    connecting: "connecting…",
    connected: "connected",
    not_connected: "not connected",
    reconnecting: "reconnecting…",
    wrong_code: "Wrong code",
    cannot_join: "Cannot join",
    cannot_join_text: "This class cannot be joined.",
  };
  var given = {};
  try {
    var block = document.getElementById("words");
    given = (block && JSON.parse(block.textContent)) || {};
  } catch (e) {
    given = {};
  }
  function word(key) {
    var text = given[key];
    return typeof text === "string" && text ? text : ENGLISH[key];
  }
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
      title.textContent = word("ended_title");
      say(next.message || word("ended"));
      return;
    }
    if (!decision) {
      title.textContent = "Spring '68";
      say(word("waiting"));
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
      say(next.mine ? word("received") : word("tap"));
    } else if (phase === "closed") {
      say(word("closed"));
    } else if (phase === "result") {
      say(word("chose").split("{label}").join(result.label));
    }
  }

  function vote(choice) {
    if (!socket || socket.readyState !== 1 || !state || !state.decision) {
      note.textContent = word("not_sent");
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
    linkLine.textContent = word("connecting");
    socket.onopen = function () {
      retry = 0;
      linkLine.textContent = word("connected");
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
        linkLine.textContent = word("not_connected");
        title.textContent =
          event.code === 4404 ? word("wrong_code") : event.code === 4410 ? word("ended_title") : word("cannot_join");
        choicesBox.textContent = "";
        situation.hidden = true;
        say(event.reason || word("cannot_join_text"));
        return;
      }
      linkLine.textContent = word("reconnecting");
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
