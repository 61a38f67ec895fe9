// Test support (not a test): what the video room's browser tests and its
// benchmark put in a page before its own script runs.

/** Records every RTCPeerConnection the page makes in window.__pcs, so a test can read the call's stats. */
export const CAPTURE_PEER_CONNECTIONS = `(() => {
  const Original = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
})();`;
