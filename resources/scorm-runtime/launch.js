/*
 * The SCO launcher, on the launch's own origin: it holds the SCORM API (scorm-again) that the SCO finds in
 * window.parent, loads the learner's saved CMI from the kiosk, and commits synchronously to the kiosk's
 * bridge on this same origin (a Commit answers true only once it is stored). The app's player, on another
 * origin, talks to it only by postMessage: "balai:suspend" before a logout or a learner switch.
 */
(function () {
  'use strict';
  var api = null;
  var version = null;
  var tell = function (message) {
    window.parent.postMessage(message, '*');
  };
  /** How long a SCO's page may take, once loaded, to look for the API before we say it broke. */
  var FIND_API_MS = 8000;
  var apiFound = false;
  /** The API as a getter, so we know the SCO looked for it (a script error before that means it broke). */
  var expose = function (name, value) {
    Object.defineProperty(window, name, {
      configurable: true,
      get: function () {
        apiFound = true;
        return value;
      },
    });
  };

  function suspendAndTerminate() {
    if (!api || !api.isInitialized() || api.isTerminated()) return true;
    if (version === '1.2') {
      api.LMSSetValue('cmi.core.exit', 'suspend');
      return api.LMSFinish('') === 'true';
    }
    api.SetValue('cmi.exit', 'suspend');
    return api.Terminate('') === 'true';
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== 'balai:suspend') return;
    var stored = suspendAndTerminate();
    document.getElementById('sco').src = 'about:blank';
    tell({ type: 'balai:suspended', stored: stored });
  });

  function start(state) {
    version = state.version;
    var settings = {
      lmsCommitUrl: '/_balai/commit',
      terminateCommitParam: 'terminate',
      autocommit: false,
      includeCommitSequence: true,
      dataCommitFormat: 'json',
      logLevel: 5,
    };
    api = version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromJSON(state.cmi, 'cmi');
    expose(version === '1.2' ? 'API' : 'API_1484_11', api);
    api.on(version === '1.2' ? 'LMSFinish' : 'Terminate', function () {
      tell({ type: 'balai:terminated' });
    });
    var frame = document.getElementById('sco');
    frame.addEventListener('load', function () {
      if (frame.src === 'about:blank') return;
      if (state.scormType === 'asset') return tell({ type: 'balai:loaded' });
      var waited = 0;
      var check = function () {
        if (apiFound) return tell({ type: 'balai:loaded' });
        waited += 100;
        if (waited >= FIND_API_MS) return tell({ type: 'balai:error', reason: 'script' });
        setTimeout(check, 100);
      };
      check();
    });
    // The launch file first: a package missing it gets words, not the server's 404 page in the frame.
    var probe = new XMLHttpRequest();
    probe.open('HEAD', state.launch, true);
    probe.onload = function () {
      if (probe.status >= 400) return tell({ type: 'balai:error', reason: 'missing' });
      frame.src = state.launch;
    };
    probe.onerror = function () {
      tell({ type: 'balai:error', reason: 'missing' });
    };
    probe.send();
  }

  var request = new XMLHttpRequest();
  request.open('GET', '/_balai/state', true);
  request.onload = function () {
    if (request.status !== 200) return tell({ type: 'balai:error', reason: 'state', status: request.status });
    try {
      start(JSON.parse(request.responseText));
    } catch (error) {
      tell({ type: 'balai:error', reason: 'state', message: String(error) });
    }
  };
  request.onerror = function () {
    tell({ type: 'balai:error', reason: 'state', status: 0 });
  };
  request.send();
})();
