// Proof of work for the sign-up form (see docs/accounts.md, "Spam, without third parties").
// Finds the first decimal nonce such that sha256(challenge + nonce) starts with `bits`
// zero bits, in a Web Worker (this same file) or, failing that, in small slices on the
// page so it stays responsive. Without JavaScript the form still works: the node then
// accepts it a few seconds after the challenge was issued.
// The same file runs in three places: the page, the worker, and Node (tests).
(function () {
  "use strict";

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var INITIAL = [
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
  ];
  var W = new Int32Array(64);

  // One SHA-256 compression of the 64 bytes at `bytes[offset..]` into `h` (8 words).
  function compress(h, bytes, offset) {
    var i, t1, t2, x, y;
    for (i = 0; i < 16; i++) {
      var o = offset + 4 * i;
      W[i] = (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3];
    }
    for (i = 16; i < 64; i++) {
      x = W[i - 15];
      y = W[i - 2];
      W[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
        (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
        W[i - 7] + W[i - 16] | 0;
    }
    var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
      t1 = k + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g)) + K[i] + W[i] | 0;
      t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) +
        ((a & b) ^ (a & c) ^ (b & c)) | 0;
      k = g; g = f; f = e; e = d + t1 | 0; d = c; c = b; b = a; a = t1 + t2 | 0;
    }
    h[0] = h[0] + a | 0; h[1] = h[1] + b | 0; h[2] = h[2] + c | 0; h[3] = h[3] + d | 0;
    h[4] = h[4] + e | 0; h[5] = h[5] + f | 0; h[6] = h[6] + g | 0; h[7] = h[7] + k | 0;
  }

  function utf8(text) {
    return new TextEncoder().encode(text);
  }

  // Leading zero bits of the digest words `h`, most significant bit first.
  function zeroBits(h) {
    var count = 0;
    for (var i = 0; i < 8; i++) {
      if (h[i] !== 0) return count + Math.clz32(h[i]);
      count += 32;
    }
    return count;
  }

  var TAIL = new Uint8Array(128);

  // Pad and hash into `h` the last `n` bytes (in TAIL, n < 119) of a message of `total` bytes.
  function finish(h, n, total) {
    var size = n + 9 <= 64 ? 64 : 128, bits = total * 8;
    TAIL.fill(0, n);
    TAIL[n] = 0x80;
    TAIL[size - 4] = (bits >>> 24) & 0xff;
    TAIL[size - 3] = (bits >>> 16) & 0xff;
    TAIL[size - 2] = (bits >>> 8) & 0xff;
    TAIL[size - 1] = bits & 0xff;
    compress(h, TAIL, 0);
    if (size === 128) compress(h, TAIL, 64);
  }

  // The state after the whole 64-byte blocks of `bytes`, and the bytes left over.
  function midstate(bytes) {
    var whole = bytes.length - (bytes.length % 64), h = Int32Array.from(INITIAL);
    for (var off = 0; off < whole; off += 64) compress(h, bytes, off);
    return { h: h, rest: bytes.subarray(whole) };
  }

  // Tries nonces for one challenge: its whole blocks are hashed once; each try hashes
  // only the rest of the challenge, the nonce's digits and the padding.
  function Searcher(challenge) {
    var bytes = utf8(challenge), mid = midstate(bytes);
    this.mid = mid.h;
    this.rest = mid.rest;
    this.total = bytes.length;
    this.h = new Int32Array(8);
  }

  // The digest words of sha256(challenge + nonce), nonce a non-negative integer.
  Searcher.prototype.digest = function (nonce) {
    var digits = String(nonce), n = this.rest.length;
    TAIL.set(this.rest);
    for (var i = 0; i < digits.length; i++) TAIL[n + i] = digits.charCodeAt(i);
    this.h.set(this.mid);
    finish(this.h, n + digits.length, this.total + digits.length);
    return this.h;
  };

  // The first nonce in [start, start + count) meeting `bits`, or -1.
  function search(challenge, bits, start, count) {
    var searcher = new Searcher(challenge);
    for (var nonce = start; nonce < start + count; nonce++) {
      if (zeroBits(searcher.digest(nonce)) >= bits) return nonce;
    }
    return -1;
  }

  // The first nonce (as text) such that sha256(challenge + nonce) has `bits` leading zero bits.
  function solve(challenge, bits) {
    return String(search(challenge, bits, 0, Number.MAX_SAFE_INTEGER));
  }

  // Hex SHA-256 of `text` (UTF-8): lets tests check the hash on its own.
  function sha256hex(text) {
    var mid = midstate(utf8(text)), out = "";
    TAIL.set(mid.rest);
    finish(mid.h, mid.rest.length, utf8(text).length);
    for (var i = 0; i < 8; i++) out += ("00000000" + (mid.h[i] >>> 0).toString(16)).slice(-8);
    return out;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { solve: solve, search: search, sha256hex: sha256hex };
    return;
  }

  // In the worker: solve what the page sends.
  if (typeof document === "undefined" && typeof importScripts === "function") {
    self.onmessage = function (event) {
      self.postMessage({ nonce: solve(event.data.challenge, event.data.bits) });
    };
    return;
  }

  // On the page.
  var form = document.querySelector("form[data-proof-bits]");
  if (!form) return;
  var script = document.currentScript;
  var bits = parseInt(form.getAttribute("data-proof-bits"), 10);
  var challenge = form.elements.challenge.value;
  var status = form.querySelector("[data-proof-status]");
  var nonce = null, sending = false;

  function found(value) {
    nonce = value;
    form.elements.nonce.value = value;
    if (sending) form.submit();
  }

  function inSlices(start) {  // no worker: 20,000 tries at a time, then let the page breathe
    var result = search(challenge, bits, start, 20000);
    if (result >= 0) found(String(result));
    else setTimeout(function () { inSlices(start + 20000); }, 0);
  }

  try {
    var worker = new Worker(script.src);
    worker.onmessage = function (event) { found(event.data.nonce); };
    worker.onerror = function (event) { event.preventDefault(); inSlices(0); };
    worker.postMessage({ challenge: challenge, bits: bits });
  } catch (error) {
    inSlices(0);
  }

  form.addEventListener("submit", function (event) {
    if (nonce !== null) return;
    event.preventDefault();
    sending = true;
    if (status) status.textContent = form.getAttribute("data-working-label");
    var button = form.querySelector("button[type=submit]");
    if (button) button.setAttribute("aria-disabled", "true");
  });
})();
