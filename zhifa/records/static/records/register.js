// Show the audio-video fields only for an audio-video record (without JavaScript all are shown).
(function () {
  "use strict";
  var form = document.querySelector("[data-record-form]");
  if (!form) return;
  var av = form.querySelector("[data-av-fields]");
  function update() {
    var checked = form.querySelector("input[name='form']:checked");
    av.hidden = !!checked && checked.value !== "audio_video";
  }
  form.addEventListener("change", update);
  update();
})();
