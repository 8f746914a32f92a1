/*
 * meta-pixel-cache-safe.js - the Meta Pixel on pages a full-page cache may store (setting meta.cache.safeMode=true).
 *
 * <meta:head/> renders only this script's tag (deferred), with data-meta-state="<context>/meta/pixel-state". The page
 * itself holds no pixel id, no event id and nothing of the shopper: its event tags render references in
 * <script type="application/json" data-meta-event> (e.g. {"event":"ViewContent","product":"12"}), and per-shopper
 * pages (checkout, confirmation) render their calls in <script type="application/json" data-meta-call>.
 *
 * Once the page is parsed, this script asks GET /meta/pixel-state?events=[references] (never cached) for the
 * shopper's state: consent, pixels (advanced matching only with consent), Limited Data Use, the dataLayer mode and
 * the events (PageView, the session's pending events, the page's events), each with the event id the server gave its
 * server copy. Then it does what the head snippet does on an uncached page:
 *   - consent required: sets window.metaPixelConsentPage for meta-pixel-consent.js;
 *   - strict mode before a grant: loads nothing of Meta's and holds the calls for metaPixelConsent.grant();
 *   - otherwise: Meta's base code and fbevents.js (with this script's CSP nonce), fbq('consent','revoke') while
 *     consent is pending, dataProcessingOptions for LDU, init per pixel, then each event as
 *     fbq('track'|'trackCustom', name, params, {eventID}) and/or a window.dataLayer push.
 * A failed or non-200 answer renders nothing. No dependencies; one global (window.metaPixelCacheSafe).
 */
(function (window, document) {
    'use strict';

    if (window.metaPixelCacheSafe) {
        return;
    }
    window.metaPixelCacheSafe = {};

    var FBEVENTS_URL = 'https://connect.facebook.net/en_US/fbevents.js';
    var script = document.currentScript;
    var stateUrl = script ? script.getAttribute('data-meta-state') : null;
    var nonce = script ? (script.nonce || script.getAttribute('nonce') || null) : null;

    function isObject(value) {
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    }

    function readJsonElements(attribute) {
        var found = [];
        var elements = document.querySelectorAll('script[type="application/json"][' + attribute + ']');
        for (var i = 0; i < elements.length; i++) {
            try {
                var value = JSON.parse(elements[i].textContent);
                if (isObject(value)) {
                    found.push(value);
                }
            } catch (e) {
                // A broken element costs its own event only.
            }
        }
        return found;
    }

    /* Meta's base code semantics: a queueing fbq until fbevents.js takes over, then fbevents.js itself. */
    function loadBaseCode() {
        if (typeof window.fbq === 'function') {
            return;
        }
        var q = function () {
            if (q.callMethod) {
                q.callMethod.apply(q, arguments);
            } else {
                q.queue.push(arguments);
            }
        };
        window.fbq = q;
        if (!window._fbq) {
            window._fbq = q;
        }
        q.push = q;
        q.loaded = true;
        q.version = '2.0';
        q.queue = [];
        var s = document.createElement('script');
        s.async = true;
        s.src = FBEVENTS_URL;
        if (nonce) {
            s.setAttribute('nonce', nonce);
        }
        var first = document.getElementsByTagName('script')[0];
        if (first && first.parentNode) {
            first.parentNode.insertBefore(s, first);
        } else {
            (document.head || document.documentElement).appendChild(s);
        }
    }

    function callArguments(event) {
        return [event.custom === true ? 'trackCustom' : 'track', event.name,
            isObject(event.params) ? event.params : {}, {eventID: event.eventID}];
    }

    function apply(state, pageCalls) {
        if (!isObject(state) || !Array.isArray(state.pixels) || state.pixels.length === 0) {
            return;
        }
        var events = (Array.isArray(state.metaEvents) ? state.metaEvents : []).concat(pageCalls);
        var valid = [];
        for (var i = 0; i < events.length; i++) {
            var event = events[i];
            if (isObject(event) && typeof event.name === 'string' && typeof event.eventID === 'string') {
                valid.push(event);
            }
        }
        if (isObject(state.consentPage)) {
            state.consentPage.nonce = nonce;
            window.metaPixelConsentPage = state.consentPage;
        }
        if (state.loadScript !== true) {
            // Strict mode before a grant: nothing of Meta's; meta-pixel-consent.js replays these on grant().
            var held = isObject(state.consentPage) ? state.consentPage.held : null;
            if (Array.isArray(held)) {
                for (var h = 0; h < valid.length; h++) {
                    held.push(callArguments(valid[h]));
                }
            }
            return;
        }
        loadBaseCode();
        var fbq = window.fbq;
        if (state.revoke === true) {
            fbq('consent', 'revoke');
        }
        if (isObject(state.ldu)) {
            fbq('dataProcessingOptions', ['LDU'], state.ldu.country, state.ldu.state);
        }
        for (var p = 0; p < state.pixels.length; p++) {
            var pixel = state.pixels[p];
            if (!isObject(pixel) || typeof pixel.id !== 'string') {
                continue;
            }
            if (isObject(pixel.advancedMatching)) {
                fbq('init', pixel.id, pixel.advancedMatching);
            } else {
                fbq('init', pixel.id);
            }
        }
        var pixelCalls = state.dataLayer !== 'only';
        var pushes = state.dataLayer === 'also' || state.dataLayer === 'only';
        for (var e = 0; e < valid.length; e++) {
            if (pixelCalls) {
                fbq.apply(window, callArguments(valid[e]));
            }
            if (pushes) {
                (window.dataLayer = window.dataLayer || []).push({event: 'meta.' + valid[e].name,
                    eventID: valid[e].eventID, params: isObject(valid[e].params) ? valid[e].params : {}});
            }
        }
    }

    function run() {
        if (!stateUrl) {
            return;
        }
        var references = readJsonElements('data-meta-event');
        var pageCalls = readJsonElements('data-meta-call');
        var url = stateUrl + (stateUrl.indexOf('?') < 0 ? '?' : '&') + 'events='
            + encodeURIComponent(JSON.stringify(references));
        var xhr = new XMLHttpRequest();
        xhr.open('GET', url, true);
        xhr.setRequestHeader('Accept', 'application/json');
        xhr.onload = function () {
            if (xhr.status !== 200) {
                return;
            }
            var state;
            try {
                state = JSON.parse(xhr.responseText);
            } catch (e) {
                return;
            }
            apply(state, pageCalls);
        };
        xhr.send();
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', run);
    } else {
        run();
    }
})(window, document);
