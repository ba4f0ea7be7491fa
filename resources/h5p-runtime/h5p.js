/*
 * The H5P launcher, on the launch's own origin. Before anything of H5P runs it replaces localStorage and
 * sessionStorage with memory-only ones, so nothing of a learner stays in this origin's storage; the
 * learner's user data (resume state) comes from the kiosk (/_balai/state) and goes back to it through H5P's
 * own contentUserData AJAX (/_balai/user-data), and every xAPI statement H5P makes is posted to
 * /_balai/xapi, where the kiosk keeps what its profile says (with its own actor). The app's player, on
 * another origin, talks to it only by postMessage, as to the SCORM launcher: "balai:suspend" before a
 * logout or a learner switch saves the current state synchronously.
 */
(function () {
  'use strict';
  function memoryStorage() {
    var data = {};
    return {
      getItem: function (k) {
        return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null;
      },
      setItem: function (k, v) {
        data[k] = String(v);
      },
      removeItem: function (k) {
        delete data[k];
      },
      clear: function () {
        data = {};
      },
      key: function (i) {
        return Object.keys(data)[i] || null;
      },
      get length() {
        return Object.keys(data).length;
      },
    };
  }
  function shimStorage(win) {
    try {
      Object.defineProperty(win, 'localStorage', { value: memoryStorage(), configurable: true });
      Object.defineProperty(win, 'sessionStorage', { value: memoryStorage(), configurable: true });
    } catch {
      /* a browser that refuses: the origin is this launch's alone and is never reused */
    }
  }
  shimStorage(window);

  /*
   * h5p-standalone runs the activity in a same-origin frame (.h5p-iframe) it writes itself: shim that
   * frame's storage the moment it exists, and let it grow to its content's height (H5P's own resizer
   * needs a full H5P integration in this page), so the launcher page scrolls instead of cutting it off.
   */
  function watchFrames() {
    var root = document.getElementById('h5p');
    new MutationObserver(function () {
      var frames = root.querySelectorAll('iframe.h5p-iframe');
      for (var i = 0; i < frames.length; i++) {
        var frame = frames[i];
        if (frame.getAttribute('data-balai') === '1' || !frame.contentWindow) continue;
        frame.setAttribute('data-balai', '1');
        shimStorage(frame.contentWindow);
      }
    }).observe(root, { childList: true, subtree: true });
    setInterval(function () {
      var frames = root.querySelectorAll('iframe.h5p-iframe');
      for (var i = 0; i < frames.length; i++) {
        var doc = frames[i].contentDocument;
        var body = doc && doc.body;
        if (!body) continue;
        var height = Math.max(body.scrollHeight, 200) + 'px';
        if (frames[i].style.height !== height) frames[i].style.height = height;
      }
    }, 300);
  }

  var tell = function (message) {
    window.parent.postMessage(message, '*');
  };

  function post(url, body, sync) {
    var request = new XMLHttpRequest();
    request.open('POST', url, !sync);
    request.setRequestHeader('content-type', sync ? 'application/x-www-form-urlencoded' : 'application/json');
    request.send(body);
    return request;
  }

  /** The H5P of this page and of the activity's own frame (h5p-standalone's iframe embed). */
  function h5ps() {
    var found = [];
    var add = function (win) {
      try {
        if (win && win.H5P && found.indexOf(win.H5P) < 0) found.push(win.H5P);
      } catch {
        /* not ours */
      }
    };
    add(window);
    var frames = document.querySelectorAll('iframe.h5p-iframe');
    for (var i = 0; i < frames.length; i++) add(frames[i].contentWindow);
    return found;
  }

  /** Saves every instance's current state now (synchronously: the frame may be gone next). */
  function saveNow() {
    var stored = true;
    var instances = [];
    h5ps().forEach(function (H5P) {
      (H5P.instances || []).forEach(function (instance) {
        if (instances.indexOf(instance) < 0) instances.push(instance);
      });
    });
    instances.forEach(function (instance) {
      if (typeof instance.getCurrentState !== 'function') return;
      var state = instance.getCurrentState();
      if (state === undefined) return;
      var body = 'data=' + encodeURIComponent(JSON.stringify(state)) + '&preload=1&invalidate=1';
      var request = post('/_balai/user-data?dataType=state&subContentId=0', body, true);
      if (request.status !== 200) stored = false;
    });
    return stored;
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== 'balai:suspend') return;
    var stored = saveNow();
    tell({ type: 'balai:suspended', stored: stored });
  });

  function start(state) {
    var el = document.getElementById('h5p');
    watchFrames();
    var options = {
      id: state.contentId,
      h5pJsonPath: '/content',
      contentJsonPath: '/content/content',
      librariesPath: '/libraries',
      frameJs: '/_balai/player/frame.bundle.js',
      frameCss: '/_balai/player/styles/h5p.css',
      frame: false,
      copyright: false,
      export: false,
      embed: false,
      icon: false,
      fullScreen: false,
      xAPIObjectIRI: state.objectIri,
      saveFreq: 2,
      contentUserData: state.userData,
      user: { name: 'Peserta', mail: 'peserta@kios.invalid' },
      ajax: { contentUserDataUrl: '/_balai/user-data?dataType=:dataType&subContentId=:subContentId' },
    };
    new window.H5PStandalone.H5P(el, options).then(
      function () {
        var dispatchers = [];
        h5ps().forEach(function (H5P) {
          var dispatcher = H5P.externalDispatcher;
          if (!dispatcher || dispatchers.indexOf(dispatcher) >= 0) return;
          dispatchers.push(dispatcher);
          dispatcher.on('xAPI', function (event) {
            var statement = event && event.data && event.data.statement;
            if (statement) post('/_balai/xapi', JSON.stringify(statement), false);
          });
        });
        tell({ type: 'balai:loaded' });
      },
      function (error) {
        tell({ type: 'balai:error', message: String(error) });
      },
    );
  }

  var request = new XMLHttpRequest();
  request.open('GET', '/_balai/state', true);
  request.onload = function () {
    if (request.status !== 200) return tell({ type: 'balai:error', status: request.status });
    var state;
    try {
      state = JSON.parse(request.responseText);
    } catch (error) {
      return tell({ type: 'balai:error', message: String(error) });
    }
    if (window.H5PStandalone) start(state);
    else
      window.addEventListener('DOMContentLoaded', function () {
        start(state);
      });
  };
  request.onerror = function () {
    tell({ type: 'balai:error', status: 0 });
  };
  request.send();
})();
