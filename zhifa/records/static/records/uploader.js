// Resumable uploads of record files (ADR 0012). No inline scripts: the CSP forbids them.
//
// Each chosen file is sent in chunks (the size the server gives) with PATCH and an
// Upload-Offset header. A lost connection is retried with a growing pause (poor network in the
// field); a 409 offset_mismatch resumes from the server's offset; after a page reload the same
// file (name + size + lastModified) finds its upload id in localStorage and continues from the
// offset the server reports. Without JavaScript the form posts the files instead.
(function () {
  "use strict";

  var STORE_PREFIX = "zhifa-upload:";
  var MAX_BACKOFF_MS = 60000;

  function human(n) {
    if (n >= 1073741824) { return (n / 1073741824).toFixed(2) + " GB"; }
    if (n >= 1048576) { return (n / 1048576).toFixed(1) + " MB"; }
    if (n >= 1024) { return (n / 1024).toFixed(0) + " KB"; }
    return n + " 字节";
  }

  function fingerprint(record, file) {
    return STORE_PREFIX + record + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  }

  function storeGet(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }
  function storeSet(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: no resume after reload */ }
  }
  function storeDel(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
  }

  // One HTTP request; resolves {status, data} (data parsed JSON or null), rejects on a network error.
  function request(method, url, csrf, body, headers, onProgress, holder) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url, true);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      Object.keys(headers || {}).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress && xhr.upload) {
        xhr.upload.addEventListener("progress", function (e) { onProgress(e.loaded); });
      }
      xhr.onload = function () {
        var data = null;
        try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
        resolve({ status: xhr.status, data: data });
      };
      xhr.onerror = function () { reject(new Error("network")); };
      xhr.ontimeout = function () { reject(new Error("timeout")); };
      xhr.onabort = function () { reject(new Error("abort")); };
      xhr.timeout = 300000;
      if (holder) { holder.xhr = xhr; }
      xhr.send(body === undefined ? null : body);
    });
  }

  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function Item(widget, file) {
    this.widget = widget;
    this.file = file;
    this.key = fingerprint(widget.record, file);
    this.id = null;
    this.offset = 0;
    this.paused = false;
    this.cancelled = false;
    this.holder = {};
    this.samples = [];
    this.render();
  }

  Item.prototype.render = function () {
    var li = document.createElement("li");
    li.className = "upload-item";
    var name = document.createElement("div");
    name.className = "upload-name";
    name.textContent = this.file.name + "（" + human(this.file.size) + "）";
    this.bar = document.createElement("progress");
    this.bar.max = this.file.size || 1;
    this.bar.value = 0;
    var meta = document.createElement("div");
    meta.className = "upload-meta";
    this.statusEl = document.createElement("span");
    this.statusEl.className = "upload-status";
    this.speedEl = document.createElement("span");
    meta.appendChild(this.statusEl);
    meta.appendChild(this.speedEl);
    var buttons = document.createElement("div");
    buttons.className = "upload-buttons";
    this.pauseBtn = document.createElement("button");
    this.pauseBtn.type = "button";
    this.pauseBtn.className = "btn btn-small";
    this.pauseBtn.textContent = "暂停";
    this.cancelBtn = document.createElement("button");
    this.cancelBtn.type = "button";
    this.cancelBtn.className = "btn btn-small";
    this.cancelBtn.textContent = "取消";
    buttons.appendChild(this.pauseBtn);
    buttons.appendChild(this.cancelBtn);
    li.appendChild(name);
    li.appendChild(this.bar);
    li.appendChild(meta);
    li.appendChild(buttons);
    this.li = li;
    this.widget.list.appendChild(li);
    var self = this;
    this.pauseBtn.addEventListener("click", function () { self.togglePause(); });
    this.cancelBtn.addEventListener("click", function () { self.cancel(); });
    this.status("等待上传…", "");
  };

  Item.prototype.status = function (text, kind) {
    this.statusEl.textContent = text;
    this.li.classList.remove("done", "failed", "waiting");
    if (kind) { this.li.classList.add(kind); }
  };

  Item.prototype.progress = function (sent) {
    var now = Date.now();
    this.bar.value = sent;
    this.samples.push([now, sent]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 5000) { this.samples.shift(); }
    var first = this.samples[0];
    var secs = (now - first[0]) / 1000;
    var pct = this.file.size ? Math.floor((sent * 100) / this.file.size) : 100;
    var text = pct + "% · 剩余 " + human(Math.max(this.file.size - sent, 0));
    if (secs > 0.5 && sent > first[1]) {
      text += " · " + human((sent - first[1]) / secs) + "/秒";
    }
    this.speedEl.textContent = text;
  };

  Item.prototype.finishButtons = function () {
    var box = this.pauseBtn.parentNode;
    if (box && box.parentNode) { box.parentNode.removeChild(box); }
  };

  Item.prototype.togglePause = function () {
    this.paused = !this.paused;
    this.pauseBtn.textContent = this.paused ? "继续" : "暂停";
    if (this.paused) {
      this.status("已暂停（已上传 " + human(this.offset) + "）", "waiting");
      if (this.holder.xhr) { this.holder.xhr.abort(); }
    } else if (this.resume) {
      var r = this.resume;
      this.resume = null;
      r();
    }
  };

  Item.prototype.cancel = function () {
    this.cancelled = true;
    if (this.holder.xhr) { this.holder.xhr.abort(); }
    if (this.resume) { var r = this.resume; this.resume = null; r(); }
    if (this.id) {
      request("DELETE", this.widget.api + "/" + this.id, this.widget.csrf).catch(function () {});
    }
    storeDel(this.key);
    this.finishButtons();
    this.status("已取消", "failed");
  };

  Item.prototype.waitWhilePaused = function () {
    var self = this;
    if (!this.paused) { return Promise.resolve(); }
    return new Promise(function (resolve) { self.resume = resolve; });
  };

  Item.prototype.fail = function (data, fallback) {
    storeDel(this.key);
    this.finishButtons();
    var msg = (data && data.message) || fallback;
    this.speedEl.textContent = "";
    this.status("未能存储：" + msg, "failed");
  };

  Item.prototype.done = function (data) {
    storeDel(this.key);
    this.finishButtons();
    this.bar.value = this.bar.max;
    this.speedEl.textContent = "SHA-256 " + (data.sha256 || "").slice(0, 16) + "…";
    var text = "已存储";
    if (data.duplicate && data.duplicate_of && data.duplicate_of.id === this.widget.record) {
      text = "该记录中已有内容相同的文件，未重复保存";
    } else if (data.duplicate) {
      text = "已存储（与已存储的文件内容相同，未重复保存";
      if (data.duplicate_of && data.duplicate_of.title) {
        text += "；见记录《" + data.duplicate_of.title + "》";
      }
      text += "）";
    }
    this.status(text, "done");
  };

  // Find the upload this file had before a reload, or start one.
  Item.prototype.open = async function () {
    var w = this.widget;
    var known = storeGet(this.key);
    if (known) {
      try {
        var r = await request("GET", w.api + "/" + known, w.csrf);
        if (r.status === 200 && r.data && r.data.status === "open") {
          this.id = known;
          this.offset = r.data.offset;
          this.chunk = r.data.chunk_size;
          this.status("继续上次中断的上传（已上传 " + human(this.offset) + "）", "waiting");
          return true;
        }
        if (r.status === 200 && r.data && r.data.complete) { this.done(r.data); return false; }
      } catch (e) { /* fall through: start again */ }
      storeDel(this.key);
    }
    var body = JSON.stringify({
      record: w.record, filename: this.file.name, size: this.file.size,
      content_type: this.file.type || ""
    });
    var res = await this.withRetry(function () {
      return request("POST", w.api, w.csrf, body, { "Content-Type": "application/json" });
    });
    if (!res) { return false; }
    if (res.status !== 201) { this.fail(res.data, "服务器拒绝了该文件（" + res.status + "）"); return false; }
    this.id = res.data.id;
    this.offset = res.data.offset;
    this.chunk = res.data.chunk_size;
    storeSet(this.key, this.id);
    return true;
  };

  // Retry a request on network errors and 5xx with a growing pause; null when cancelled.
  Item.prototype.withRetry = async function (send) {
    var delay = 1000;
    for (;;) {
      if (this.cancelled) { return null; }
      await this.waitWhilePaused();
      if (this.cancelled) { return null; }
      try {
        var res = await send();
        if (res.status < 500 && res.status !== 0 && res.status !== 429) { return res; }
      } catch (e) {
        if (this.cancelled) { return null; }
        if (this.paused) { continue; }
      }
      var secs = Math.round(delay / 1000);
      this.status("网络中断，" + secs + " 秒后自动重试（已上传 " + human(this.offset) + "）", "waiting");
      await sleep(delay);
      delay = Math.min(delay * 2, MAX_BACKOFF_MS);
    }
  };

  Item.prototype.run = async function () {
    if (!(await this.open())) { return; }
    var w = this.widget;
    var self = this;
    var url = w.api + "/" + this.id;
    this.progress(this.offset);
    for (;;) {
      var end = Math.min(this.offset + this.chunk, this.file.size);
      var start = this.offset;
      var blob = this.file.slice(start, end);
      this.status("正在上传…", "");
      var res = await this.withRetry(function () {
        return request("PATCH", url, w.csrf, blob, {
          "Content-Type": "application/offset+octet-stream",
          "Upload-Offset": String(start)
        }, function (loaded) { self.progress(start + loaded); }, self.holder);
      });
      if (!res) { return; }
      if (res.status === 200) {
        this.offset = res.data.offset;
        this.progress(this.offset);
        if (res.data.complete) { this.done(res.data); return; }
        continue;
      }
      if (res.status === 409 && res.data && res.data.code === "offset_mismatch") {
        this.offset = res.data.offset;  // resume where the server is
        continue;
      }
      if (res.status === 409 && res.data && res.data.code === "upload_busy") {
        await sleep(2000);
        continue;
      }
      if (res.status === 422 && res.data && res.data.code === "checksum_mismatch") {
        this.offset = 0;  // the server reset the upload: send it again
        this.status("校验不一致，重新上传…", "waiting");
        continue;
      }
      this.fail(res.data, "上传失败（" + res.status + "）");
      return;
    }
  };

  function Widget(el) {
    this.el = el;
    this.record = parseInt(el.getAttribute("data-record"), 10);
    this.api = el.getAttribute("data-api").replace(/\/$/, "");
    this.csrf = el.getAttribute("data-csrf");
    this.list = el.querySelector("[data-upload-list]");
    this.form = el.querySelector("[data-uploader-form]");
    this.queue = Promise.resolve();
    var self = this;
    this.form.addEventListener("submit", function (e) {
      e.preventDefault();
      self.form.querySelectorAll("input[type=file]").forEach(function (input) {
        Array.prototype.forEach.call(input.files, function (f) { self.add(f); });
        input.value = "";
      });
    });
    this.form.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        Array.prototype.forEach.call(input.files, function (f) { self.add(f); });
        input.value = "";
      });
    });
    this.notice();
    // Files chosen from now on go through the resumable uploader (before this, the plain form).
    el.setAttribute("data-ready", "1");
  }

  Widget.prototype.add = function (file) {
    var item = new Item(this, file);
    // One file at a time: a poor connection is not shared between several files.
    this.queue = this.queue.then(function () { return item.run(); }).catch(function () {});
  };

  Widget.prototype.notice = function () {
    var n = 0;
    var prefix = STORE_PREFIX + this.record + ":";
    try {
      for (var i = 0; i < window.localStorage.length; i++) {
        if (window.localStorage.key(i).indexOf(prefix) === 0) { n++; }
      }
    } catch (e) { n = 0; }
    var el = this.el.querySelector("[data-uploader-notice]");
    if (n && el) {
      el.textContent = "本设备上有 " + n + " 个未完成的上传：重新选择同一文件即可从中断处继续。";
      el.hidden = false;
    }
  };

  window.addEventListener("beforeunload", function (e) {
    var busy = document.querySelector(".upload-item:not(.done):not(.failed)");
    if (busy) { e.preventDefault(); e.returnValue = ""; }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-uploader]").forEach(function (el) { new Widget(el); });
  });
})();
