// Progressive enhancement only: without this file the stamps are typed or pasted into the
// list, one a line, and the form is sent as it is.
//
// With it, a phone's camera reads the stamps' QR codes: the browser's own BarcodeDetector
// where it has one that reads QR codes, else the bundled jsQR (vendor/jsqr, loaded only then).
// Each stamp read is added to the list once (two links of one serial are one stamp), and the
// count of stamps in the list is shown; the form is sent as before.
(function () {
  "use strict";

  // The serial of a scanned or typed line: what follows the last "/21/" of a Digital Link
  // (before any ?query or #fragment), else the line itself (as the server reads it).
  function serialOf(line) {
    var text = line.trim();
    var at = text.lastIndexOf("/21/");
    if (at < 0) { return text; }
    var serial = text.slice(at + 4).split(/[/?#]/)[0];
    try { return decodeURIComponent(serial); } catch (error) { return serial; }
  }

  var decoderUrl = null;
  var engine = null;  // a promise of {name, read(canvas) → promise of texts}

  function loadJsQR() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) { resolve(window.jsQR); return; }
      var script = document.createElement("script");
      script.src = decoderUrl;
      script.onload = function () { window.jsQR ? resolve(window.jsQR) : reject(new Error("jsQR")); };
      script.onerror = function () { reject(new Error("jsQR")); };
      document.head.appendChild(script);
    });
  }

  function withJsQR() {
    return loadJsQR().then(function (jsQR) {
      return {
        name: "jsQR",
        read: function (canvas) {
          var context = canvas.getContext("2d", { willReadFrequently: true });
          var image = context.getImageData(0, 0, canvas.width, canvas.height);
          var found = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          return Promise.resolve(found && found.data ? [found.data] : []);
        }
      };
    });
  }

  function withDetector() {
    if (!("BarcodeDetector" in window) || !window.BarcodeDetector.getSupportedFormats) {
      return Promise.resolve(null);
    }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) { return null; }
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return {
        name: "BarcodeDetector",
        read: function (canvas) {
          return detector.detect(canvas).then(function (codes) {
            return codes.map(function (code) { return code.rawValue; });
          });
        }
      };
    }).catch(function () { return null; });
  }

  // The texts of the QR codes on a canvas, by the engine this browser has.
  function decode(canvas, options) {
    if (options && options.engine === "jsQR") {
      return withJsQR().then(function (jsqr) { return jsqr.read(canvas); });
    }
    if (!engine) {
      engine = withDetector().then(function (detector) { return detector || withJsQR(); });
      engine.catch(function () { engine = null; });
    }
    return engine.then(function (chosen) { return chosen.read(canvas); });
  }

  function engineName() {
    return (engine || Promise.resolve(null)).then(function (chosen) { return chosen && chosen.name; });
  }

  // ``reads``: how many frames had a code in them (the page's tests wait on it).
  var scanner = { decode: decode, engineName: engineName, serialOf: serialOf, reads: 0 };
  window.bansoStampScanner = scanner;

  var box = document.getElementById("scanner");
  var list = box && document.getElementById(box.dataset.for);
  if (!box || !list) { return; }
  decoderUrl = box.dataset.decoder;
  var start = box.querySelector("[data-scan-start]");
  var stop = box.querySelector("[data-scan-stop]");
  var video = box.querySelector("video");
  var count = box.querySelector("[data-scan-count]");
  var status = box.querySelector("[data-scan-status]");
  var canvas = document.createElement("canvas");
  var stream = null;
  var running = false;

  function serials() {
    var seen = {};
    list.value.split(/\s+/).forEach(function (line) {
      if (line) { seen[serialOf(line)] = true; }
    });
    return seen;
  }

  function recount() { count.textContent = String(Object.keys(serials()).length); }

  function add(text) {
    var serial = serialOf(text);
    if (!serial || serials()[serial]) { return false; }
    var value = list.value.replace(/\s+$/, "");
    list.value = (value ? value + "\n" : "") + text.trim() + "\n";
    recount();
    if (navigator.vibrate) { navigator.vibrate(60); }
    return true;
  }

  function say(message) { status.textContent = message || ""; }

  function frame() {
    if (!running) { return; }
    if (video.readyState >= 2 && video.videoWidth) {
      var scale = Math.min(1, 800 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      canvas.getContext("2d", { willReadFrequently: true }).drawImage(video, 0, 0, canvas.width, canvas.height);
      decode(canvas).then(function (texts) {
        if (texts.length) { scanner.reads += 1; }
        texts.forEach(add);
        schedule();
      }, function () { say(box.dataset.failed); halt(); });
      return;
    }
    schedule();
  }

  function schedule() { if (running) { setTimeout(frame, 120); } }

  function halt() {
    running = false;
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  start.addEventListener("click", function () {
    say("");
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        start.hidden = true;
        stop.hidden = false;
        running = true;
        return video.play();
      })
      .then(schedule)
      .catch(function () { halt(); say(box.dataset.noCamera); });
  });
  stop.addEventListener("click", halt);
  list.addEventListener("input", recount);
  // The list is sent as typed or scanned; the camera is let go of first.
  if (list.form) { list.form.addEventListener("submit", halt); }

  recount();
  box.hidden = false;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    start.hidden = false;
  }
})();
