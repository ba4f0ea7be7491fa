/*
 * The SCO launcher, on the launch's own origin: it holds the SCORM API (scorm-again) that the SCO finds in
 * window.parent, loads the learner's saved CMI from the kiosk, and commits synchronously to the kiosk's
 * bridge on this same origin (a Commit answers true only once it is stored). The app's player, on another
 * origin, talks to it only by postMessage: "balai:suspend" before a logout or a learner switch, and in a
 * SCORM 2004 course with sequencing "balai:navigate" (the Lanjut/Kembali buttons): the SCO ends with that
 * adl.nav.request, which the terminating commit carries to the kiosk, where the sequencer decides. What the
 * rules allow (adl.nav.request_valid.*) comes with the state; the SCO cannot change it.
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

  var navRequest = function () {
    var request = api && api.adl && api.adl.nav ? api.adl.nav.request : '_none_';
    return typeof request === 'string' && request !== '' ? request : '_none_';
  };

  /** Ends the SCO with a navigation request of the learner's, unless the SCO asked for one itself. */
  function terminateFor(request) {
    if (!api || !api.isInitialized() || api.isTerminated())
      return tell({ type: 'balai:terminated', navRequest: '_none_', already: true });
    if (navRequest() === '_none_') api.SetValue('adl.nav.request', request);
    api.Terminate('');
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || !event.data) return;
    if (event.data.type === 'balai:navigate' && typeof event.data.request === 'string')
      return terminateFor(event.data.request);
    if (event.data.type !== 'balai:suspend') return;
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
    var rules = state.sequencing;
    if (version !== '1.2') {
      // The terminating commit carries the SCO's adl.nav.request to the kiosk's sequencer.
      settings.requestHandler = function (commit, meta) {
        if (meta && meta.isTerminateCommit && commit && typeof commit === 'object')
          commit.navRequest = navRequest();
        return commit;
      };
      if (rules)
        settings.scoItemIdValidator = function (target) {
          return rules.choice[target] === true;
        };
    }
    api = version === '1.2' ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
    api.loadFromJSON(state.cmi, 'cmi');
    if (rules) {
      api.adl.nav.request_valid.continue = rules.continue ? 'true' : 'false';
      api.adl.nav.request_valid.previous = rules.previous ? 'true' : 'false';
    }
    expose(version === '1.2' ? 'API' : 'API_1484_11', api);
    api.on(version === '1.2' ? 'LMSFinish' : 'Terminate', function () {
      tell({ type: 'balai:terminated', navRequest: version === '1.2' ? '_none_' : navRequest() });
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
