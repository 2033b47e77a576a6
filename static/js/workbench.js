// The model workbench's figure: a click fills the pixel position (in the image's own pixels) into
// the chosen form's fields, which can always be typed instead; zoom buttons, scrolling to pan, and
// the site's drawing laid over the figure at the chosen opacity. The server keeps the draft.
(function () {
  "use strict";
  var image = document.getElementById("figure-image");
  var tools = document.getElementById("workbench-tools");
  if (!image || !tools) {
    return;
  }
  var stack = document.getElementById("figure-stack");
  var target = document.getElementById("click-target");
  var zoom = 1;
  tools.hidden = false;

  function fill(prefix, x, y) {
    document.getElementById(prefix + "x").value = x;
    document.getElementById(prefix + "y").value = y;
  }

  image.addEventListener("click", function (event) {
    var box = image.getBoundingClientRect();
    var x = Math.round(((event.clientX - box.left) * Number(image.dataset.width)) / box.width);
    var y = Math.round(((event.clientY - box.top) * Number(image.dataset.height)) / box.height);
    var fields = {
      mark: ["id_mark-", "id_mark-label"],
      "calibrate-start": ["id_calibrate-start_", "id_calibrate-start_value"],
      "calibrate-end": ["id_calibrate-end_", "id_calibrate-end_value"],
    }[target.value];
    fill(fields[0], x, y);
    document.getElementById(fields[1]).focus();
  });

  tools.querySelectorAll("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var factor = Number(button.dataset.zoom);
      zoom = factor ? zoom * factor : 1;
      stack.style.width = zoom * 100 + "%";
    });
  });

  // The tick's label offers only the choices of the axis chosen (every choice without script).
  var axis = document.getElementById("id_mark-axis");
  var choices = document.getElementById("mark-choices");
  if (axis && choices) {
    var options = Array.prototype.slice.call(choices.options);
    var offer = function () {
      choices.replaceChildren.apply(
        choices,
        options.filter(function (option) {
          return option.dataset.axis === axis.value;
        })
      );
    };
    axis.addEventListener("change", offer);
    offer();
  }

  // "Probability axis printed for" applies to probability axes only: hidden (and set back to every
  // patient) for an input axis. Without script it is always shown, and the server refuses a stratum
  // given for an input axis with the reason.
  var stratum = document.getElementById("id_mark-stratum");
  if (axis && stratum) {
    var stratumField = stratum.closest(".col-sm-6") || stratum.parentNode;
    var showStratum = function () {
      var applies = axis.value.indexOf("probability_axes:") === 0;
      stratumField.hidden = !applies;
      if (!applies) {
        stratum.value = "";
      }
    };
    axis.addEventListener("change", showStratum);
    showStratum();
  }

  var opacity = document.getElementById("drawing-opacity");
  var drawing = document.getElementById("figure-drawing");
  if (opacity && drawing) {
    opacity.addEventListener("input", function () {
      drawing.style.opacity = Number(opacity.value) / 100;
    });
  }
})();
