/* deskbot simulator: three phones and the ticket list.
 *
 * Sending posts JSON to /simulator/api/send, which turns it into a real Twilio webhook on
 * the server. Each phone polls /simulator/api/messages for its number (both directions,
 * after the last id it has shown); the ticket list polls /simulator/api/tickets and counts
 * the response clock down locally between polls. No framework, no build step.
 */
(function () {
  "use strict";

  var MESSAGE_POLL_MS = 700;
  var TICKET_POLL_MS = 1500;
  var DEFAULT_NEW_NUMBER = "+27825551234";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" }).then(
      function (response) {
        if (!response.ok) throw new Error(url + " answered " + response.status);
        return response.json();
      }
    );
  }

  function clockTime(iso) {
    var date = new Date(iso);
    return isNaN(date) ? "" : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  /* One phone: a number, a channel, a screen of bubbles and a compose box. */
  function Phone(root, options) {
    this.root = root;
    this.role = root.dataset.role;
    this.screen = root.querySelector(".screen");
    this.form = root.querySelector(".compose");
    this.input = this.form.querySelector("input[name=body]");
    this.error = this.form.querySelector(".error");
    this.awaiting = options.awaitingNode || null;
    this.number = null;
    this.channel = options.channel || "sms";
    this.lastId = 0;
    this.generation = 0;
    this.busy = false;
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.send();
    });
  }

  Phone.prototype.use = function (number, channel) {
    if (number === this.number && channel === this.channel) return;
    this.number = number;
    this.channel = channel || this.channel;
    this.root.dataset.number = number || "";
    this.lastId = 0;
    this.generation += 1;
    this.screen.replaceChildren();
    this.root.dataset.lastId = "0";
    this.setAwaiting(null);
    this.poll();
  };

  Phone.prototype.setAwaiting = function (conversation) {
    if (!this.awaiting) return;
    var awaiting = conversation && conversation.awaiting;
    var ticket = conversation && conversation.ticket;
    this.root.dataset.awaiting = awaiting || "";
    this.root.dataset.ticket = ticket || "";
    var text = "";
    if (awaiting) text = "The bot is waiting for: " + awaiting.replace(/_/g, " ");
    else if (ticket) text = "Ticket " + ticket;
    if (this.awaiting.textContent !== text) this.awaiting.textContent = text;
  };

  Phone.prototype.render = function (message) {
    var mine = message.direction === "inbound";
    var item = el("li", "bubble " + (mine ? "mine" : "theirs"));
    item.dataset.id = message.id;
    item.dataset.direction = message.direction;
    var who = el("span", "visually-hidden", mine ? "Sent: " : "Received: ");
    var body = el("p", "body", message.body);
    var meta = el("span", "meta", clockTime(message.created_at));
    if (message.channel) meta.textContent += " · " + (message.channel === "whatsapp" ? "WhatsApp" : "SMS");
    if (message.status === "failed" || message.status === "undelivered") {
      item.classList.add("failed");
      meta.textContent += " · " + message.status;
    }
    item.append(who, body);
    (message.images || []).forEach(function (src) {
      var image = el("img", "inline-media");
      image.src = src;
      image.alt = "Photo";
      image.loading = "lazy";
      item.append(image);
    });
    item.append(meta);
    this.screen.append(item);
  };

  Phone.prototype.poll = function () {
    var self = this;
    if (!this.number || this.busy) return;
    var generation = this.generation;
    this.busy = true;
    var url =
      "/simulator/api/messages?phone=" + encodeURIComponent(this.number) + "&after=" + this.lastId;
    getJSON(url)
      .then(function (data) {
        if (generation !== self.generation) return;
        var nearBottom =
          self.screen.scrollHeight - self.screen.scrollTop - self.screen.clientHeight < 60;
        data.messages.forEach(function (message) {
          if (message.id <= self.lastId) return;
          self.render(message);
          self.lastId = message.id;
        });
        self.root.dataset.lastId = String(self.lastId);
        self.setAwaiting(data.conversation);
        if (nearBottom || data.messages.length) self.screen.scrollTop = self.screen.scrollHeight;
      })
      .catch(function () {
        /* the server restarts during development: try again on the next tick */
      })
      .finally(function () {
        self.busy = false;
      });
  };

  Phone.prototype.send = function () {
    var self = this;
    var body = this.input.value;
    if (!body.trim() || !this.number) return;
    this.error.textContent = "";
    this.input.disabled = true;
    fetch("/simulator/api/send", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ phone: this.number, channel: this.channel, body: body }),
    })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error(data.error || "sending failed (" + response.status + ")");
          self.input.value = "";
          self.poll();
        });
      })
      .catch(function (error) {
        self.error.textContent = error.message;
      })
      .finally(function () {
        self.input.disabled = false;
        self.input.focus();
      });
  };

  /* The ticket list, newest first, with a response clock that ticks every second. */
  function TicketList(table, empty) {
    this.body = table.querySelector("tbody");
    this.empty = empty;
    this.tickets = [];
    this.rows = {};
    this.fetchedAt = 0;
  }

  TicketList.prototype.poll = function () {
    var self = this;
    getJSON("/simulator/api/tickets")
      .then(function (data) {
        self.tickets = data.tickets;
        self.fetchedAt = Date.now();
        self.render();
      })
      .catch(function () {});
  };

  function formatLeft(seconds) {
    var h = Math.floor(seconds / 3600);
    var m = Math.floor((seconds % 3600) / 60);
    var s = Math.floor(seconds % 60);
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h ? h + "h " + pad(m) + "m " : m + "m ") + pad(s) + "s left";
  }

  TicketList.prototype.clockText = function (clock) {
    switch (clock.state) {
      case "met": return ["met", "Responded in time"];
      case "met_late": return ["met late", "Responded after the target"];
      case "breached": return ["breached", "No response and the target has passed"];
      case "stopped": return ["—", "Closed without a first response"];
      case "running": {
        var left = clock.seconds_left - (Date.now() - this.fetchedAt) / 1000;
        if (left <= 0) return ["breached", "No response and the target has passed"];
        return [
          formatLeft(left) + " · due " + clock.due_text,
          "Time left to the first response, due " + clock.due_text,
        ];
      }
      default: return ["—", "No response target"];
    }
  };

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /* Rows are kept and updated in place, so the live region announces new tickets only. */
  TicketList.prototype.row = function (ref) {
    var row = this.rows[ref];
    if (row) return row;
    row = el("tr");
    row.dataset.ref = ref;
    var head = el("th", "ref", ref);
    head.scope = "row";
    row.append(head);
    ["status", "priority", "customer", "assignee", "clock"].forEach(function (name) {
      var cell = el("td", "cell-" + name);
      if (name === "status" || name === "priority") cell.append(el("span", name));
      row.append(cell);
    });
    this.rows[ref] = row;
    return row;
  };

  TicketList.prototype.render = function () {
    var self = this;
    this.empty.hidden = this.tickets.length > 0;
    var wanted = {};
    this.tickets.forEach(function (ticket, index) {
      wanted[ticket.ref] = true;
      var row = self.row(ticket.ref);
      row.dataset.status = ticket.status;
      row.querySelector("th").title = ticket.description || "";
      var status = row.querySelector("td.cell-status span");
      status.className = "status status-" + ticket.status;
      setText(status, ticket.status.replace(/_/g, " "));
      var priority = row.querySelector("td.cell-priority span");
      priority.className = "priority priority-" + ticket.priority;
      setText(priority, ticket.priority);
      setText(row.querySelector("td.cell-customer"), ticket.contact_name + " · " + ticket.company);
      var assignee = row.querySelector("td.cell-assignee");
      setText(assignee, ticket.assignee || "unassigned");
      assignee.classList.toggle("muted", !ticket.assignee);
      self.paintClock(row.querySelector("td.cell-clock"), ticket.clock);
      if (self.body.children[index] !== row) self.body.insertBefore(row, self.body.children[index] || null);
    });
    Object.keys(this.rows).forEach(function (ref) {
      if (!wanted[ref]) {
        self.rows[ref].remove();
        delete self.rows[ref];
      }
    });
  };

  TicketList.prototype.paintClock = function (cell, clock) {
    var text = this.clockText(clock);
    setText(cell, text[0]);
    cell.dataset.state = text[0] === "breached" ? "breached" : clock.state;
    cell.title = text[1];
  };

  TicketList.prototype.tick = function () {
    var self = this;
    this.tickets.forEach(function (ticket) {
      if (ticket.clock.state === "running" && self.rows[ticket.ref]) {
        self.paintClock(self.rows[ticket.ref].querySelector("td.cell-clock"), ticket.clock);
      }
    });
  };

  function start() {
    var data = JSON.parse(document.getElementById("simulator-data").textContent);

    var customerRoot = document.getElementById("phone-customer");
    var who = document.getElementById("customer-who");
    var number = document.getElementById("customer-number");
    var customer = new Phone(customerRoot, {
      channel: "whatsapp",
      awaitingNode: customerRoot.querySelector(".awaiting"),
    });
    var channel = function () {
      return customerRoot.querySelector("input[name=customer-channel]:checked").value;
    };
    var applyCustomer = function () {
      var isNew = who.value === "new";
      number.readOnly = !isNew;
      if (!isNew) number.value = who.value;
      else if (data.customers.some(function (c) { return c.phone === number.value; })) {
        number.value = DEFAULT_NEW_NUMBER;
      }
      if (number.checkValidity()) customer.use(number.value.trim(), channel());
    };
    who.addEventListener("change", function () {
      applyCustomer();
      if (who.value === "new") number.focus();
    });
    number.addEventListener("change", applyCustomer);
    customerRoot.querySelectorAll("input[name=customer-channel]").forEach(function (radio) {
      radio.addEventListener("change", function () { customer.channel = channel(); });
    });
    applyCustomer();

    var techRoot = document.getElementById("phone-technician");
    var techWho = document.getElementById("technician-who");
    var techNumber = techRoot.querySelector("[data-testid=technician-number]");
    var technician = new Phone(techRoot, { channel: "sms" });
    var applyTech = function () {
      techNumber.textContent = techWho.value;
      if (techWho.value) technician.use(techWho.value, "sms");
    };
    techWho.addEventListener("change", applyTech);
    applyTech();

    var phones = [customer, technician];
    if (data.oncall) {
      var oncall = new Phone(document.getElementById("phone-oncall"), { channel: "sms" });
      oncall.use(data.oncall.phone, "sms");
      phones.push(oncall);
    }

    var list = new TicketList(
      document.querySelector("[data-testid=tickets]"),
      document.querySelector("[data-testid=tickets-empty]")
    );
    list.poll();

    setInterval(function () { phones.forEach(function (p) { p.poll(); }); }, MESSAGE_POLL_MS);
    setInterval(function () { list.poll(); }, TICKET_POLL_MS);
    setInterval(function () { list.tick(); }, 1000);
    document.body.dataset.ready = "true";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
