// Initiative pages: the video player is loaded only when the visitor asks for it.
// Before the click nothing is requested from the video platform; the link is a plain
// link to the video for anyone without JavaScript.
(function () {
  "use strict";
  function withAutoplay(url) {
    return url + (url.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.video-play[data-embed-url]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = withAutoplay(link.getAttribute("data-embed-url"));
    frame.title = link.getAttribute("data-frame-title") || link.textContent;
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    var wrapper = document.createElement("div");
    wrapper.className = "video-frame";
    wrapper.appendChild(frame);
    link.parentNode.replaceChild(wrapper, link);
    frame.focus();
  });
})();
