/*
 * Proof of work for public forms (ALTCHA-style, self-hosted, no cookie).
 * The page carries a salt, a SHA-256 digest and a maximum number; this script
 * finds the number n <= max with sha256(salt + n) == digest and puts it in the
 * form's hidden "vf_solution" field. A form sent before the answer is found
 * waits for it. Without this script the form still works: the submission is
 * then checked by the secretariat before publication.
 */
(function () {
  "use strict";

  var encoder = new TextEncoder();

  function toHex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  // Fallback for pages served without HTTPS, where crypto.subtle does not exist.
  var K = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ];

  function sha256Plain(bytes) {
    var h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    var bits = length * 8;
    padded[padded.length - 4] = (bits >>> 24) & 255;
    padded[padded.length - 3] = (bits >>> 16) & 255;
    padded[padded.length - 2] = (bits >>> 8) & 255;
    padded[padded.length - 1] = bits & 255;
    var w = new Array(64);
    for (var offset = 0; offset < padded.length; offset += 64) {
      for (var t = 0; t < 16; t++) {
        var j = offset + t * 4;
        w[t] = (padded[j] << 24) | (padded[j + 1] << 16) | (padded[j + 2] << 8) | padded[j + 3];
      }
      for (t = 16; t < 64; t++) {
        var a0 = w[t - 15], a1 = w[t - 2];
        var s0 = ((a0 >>> 7) | (a0 << 25)) ^ ((a0 >>> 18) | (a0 << 14)) ^ (a0 >>> 3);
        var s1 = ((a1 >>> 17) | (a1 << 15)) ^ ((a1 >>> 19) | (a1 << 13)) ^ (a1 >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
      }
      var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
      for (t = 0; t < 64; t++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var temp1 = (k + S1 + ch + K[t] + w[t]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var temp2 = (S0 + maj) | 0;
        k = g; g = f; f = e; e = (d + temp1) | 0; d = c; c = b; b = a; a = (temp1 + temp2) | 0;
      }
      h[0] = (h[0] + a) | 0; h[1] = (h[1] + b) | 0; h[2] = (h[2] + c) | 0; h[3] = (h[3] + d) | 0;
      h[4] = (h[4] + e) | 0; h[5] = (h[5] + f) | 0; h[6] = (h[6] + g) | 0; h[7] = (h[7] + k) | 0;
    }
    var out = new Uint8Array(32);
    for (var i = 0; i < 8; i++) {
      out[i * 4] = (h[i] >>> 24) & 255;
      out[i * 4 + 1] = (h[i] >>> 16) & 255;
      out[i * 4 + 2] = (h[i] >>> 8) & 255;
      out[i * 4 + 3] = h[i] & 255;
    }
    return out.buffer;
  }

  function digest(text) {
    var bytes = encoder.encode(text);
    if (window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", bytes);
    }
    return Promise.resolve(sha256Plain(bytes));
  }

  async function solve(salt, target, max) {
    var batch = 500;
    for (var start = 0; start <= max; start += batch) {
      var end = Math.min(start + batch - 1, max);
      var hashes = [];
      for (var n = start; n <= end; n++) {
        hashes.push(digest(salt + n));
      }
      var results = await Promise.all(hashes);
      for (var i = 0; i < results.length; i++) {
        if (toHex(results[i]) === target) {
          return start + i;
        }
      }
    }
    return null;
  }

  function setUp(status) {
    var form = status.closest("form");
    if (!form) {
      return;
    }
    var field = form.querySelector("input[name$='vf_solution']");
    if (!field) {
      return;
    }
    var done = false;
    var sendWhenDone = false;
    status.textContent = status.dataset.vfWorking;
    form.addEventListener("submit", function (event) {
      if (!done) {
        event.preventDefault();
        sendWhenDone = true;
        status.textContent = status.dataset.vfWorking;
      }
    });
    var finish = function (number) {
      done = true;
      if (number === null) {
        status.textContent = status.dataset.vfFailed;
      } else {
        field.value = String(number);
        status.textContent = status.dataset.vfDone;
      }
      if (sendWhenDone) {
        if (form.requestSubmit) {
          form.requestSubmit();
        } else {
          form.submit();
        }
      }
    };
    solve(status.dataset.vfSalt, status.dataset.vfDigest, parseInt(status.dataset.vfMax, 10))
      .then(finish, function () {
        finish(null);
      });
  }

  function start() {
    var items = document.querySelectorAll(".vf-challenge[data-vf-salt]");
    for (var i = 0; i < items.length; i++) {
      setUp(items[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
