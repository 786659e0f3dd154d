/* Recording a bulletin in the browser (the recording page): Record, Stop, Listen.
   The microphone's samples are kept as PCM (Web Audio), mixed to mono, brought down to the
   page's rate (16 kHz) and written as a 16-bit WAV file, which is put in the form's file field:
   the form is sent as with a chosen file, and the server makes the MP3. Without script, or
   without a microphone, the page is the plain upload form. */
(function () {
  "use strict";
  var box = document.getElementById("recorder");
  var Context = window.AudioContext || window.webkitAudioContext;
  if (!box || !Context || typeof DataTransfer === "undefined" ||
      !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var input = document.getElementById(box.dataset.input);
  var startButton = document.getElementById("record-start");
  var stopButton = document.getElementById("record-stop");
  var listenButton = document.getElementById("record-listen");
  var time = document.getElementById("record-time");
  var playback = document.getElementById("record-playback");
  var statusLine = document.getElementById("record-status");
  var messages = document.getElementById("record-messages").content;
  var targetRate = parseInt(box.dataset.rate, 10) || 16000;
  var maxSeconds = parseInt(box.dataset.maxSeconds, 10) || 300;
  var session = null;
  var playbackUrl = null;
  box.hidden = false;

  function say(key) {
    var found = messages.querySelector('[data-key="' + key + '"]');
    statusLine.textContent = found ? found.textContent : "";
  }

  function showSeconds(seconds) {
    var whole = Math.floor(seconds);
    time.textContent = Math.floor(whole / 60) + ":" + String(whole % 60).padStart(2, "0");
    box.dataset.seconds = seconds.toFixed(2);
  }

  function downsample(chunks, length, fromRate, toRate) {
    var ratio = fromRate / toRate;
    var all = new Float32Array(length);
    var offset = 0;
    chunks.forEach(function (chunk) { all.set(chunk, offset); offset += chunk.length; });
    var count = Math.floor(length / ratio);
    var out = new Int16Array(count);
    for (var i = 0; i < count; i++) {
      // The mean of the samples each output sample stands for: a simple low-pass.
      var first = Math.floor(i * ratio);
      var last = Math.max(first + 1, Math.min(length, Math.floor((i + 1) * ratio)));
      var sum = 0;
      for (var j = first; j < last; j++) { sum += all[j]; }
      var value = Math.max(-1, Math.min(1, sum / (last - first)));
      out[i] = value < 0 ? value * 0x8000 : value * 0x7fff;
    }
    return out;
  }

  function wavBlob(samples, rate) {
    var buffer = new ArrayBuffer(44 + samples.length * 2);
    var view = new DataView(buffer);
    function text(at, value) {
      for (var i = 0; i < value.length; i++) { view.setUint8(at + i, value.charCodeAt(i)); }
    }
    text(0, "RIFF");
    view.setUint32(4, 36 + samples.length * 2, true);
    text(8, "WAVE");
    text(12, "fmt ");
    view.setUint32(16, 16, true);
    view.setUint16(20, 1, true); // PCM
    view.setUint16(22, 1, true); // mono
    view.setUint32(24, rate, true);
    view.setUint32(28, rate * 2, true);
    view.setUint16(32, 2, true);
    view.setUint16(34, 16, true);
    text(36, "data");
    view.setUint32(40, samples.length * 2, true);
    for (var i = 0; i < samples.length; i++) { view.setInt16(44 + i * 2, samples[i], true); }
    return new Blob([buffer], { type: "audio/wav" });
  }

  function start() {
    startButton.disabled = true;
    navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1 } }).then(function (stream) {
      var context = new Context();
      var source = context.createMediaStreamSource(stream);
      var node = context.createScriptProcessor(4096, 1, 1);
      session = { stream: stream, context: context, node: node, chunks: [], length: 0 };
      node.onaudioprocess = function (event) {
        if (!session) { return; }
        var chunk = new Float32Array(event.inputBuffer.getChannelData(0));
        session.chunks.push(chunk);
        session.length += chunk.length;
        var seconds = session.length / context.sampleRate;
        showSeconds(seconds);
        if (seconds >= maxSeconds) { stop(); }
      };
      source.connect(node);
      node.connect(context.destination);
      stopButton.disabled = false;
      listenButton.disabled = true;
      showSeconds(0);
      say("recording");
    }).catch(function () {
      startButton.disabled = false;
      say("denied");
    });
  }

  function stop() {
    if (!session) { return; }
    var done = session;
    session = null;
    done.node.disconnect();
    done.stream.getTracks().forEach(function (track) { track.stop(); });
    var rate = Math.min(targetRate, done.context.sampleRate);
    var samples = downsample(done.chunks, done.length, done.context.sampleRate, rate);
    done.context.close();
    stopButton.disabled = true;
    startButton.disabled = false;
    if (!samples.length) { say("empty"); return; }
    var blob = wavBlob(samples, rate);
    var transfer = new DataTransfer();
    transfer.items.add(new File([blob], "ghi-am.wav", { type: "audio/wav" }));
    input.files = transfer.files;
    if (playbackUrl) { URL.revokeObjectURL(playbackUrl); }
    playbackUrl = URL.createObjectURL(blob);
    playback.src = playbackUrl;
    playback.hidden = false;
    listenButton.disabled = false;
    box.dataset.recorded = "true";
    say("ready");
  }

  startButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
  listenButton.addEventListener("click", function () {
    playback.currentTime = 0;
    playback.play();
  });
}());
