/*
 * meta-pixel-consent.js - the page's consent switch for the Meta Pixel, for a consent-management platform (CMP).
 *
 * When the store requires consent, <meta:head/> writes window.metaPixelConsentPage (JSON: whether consent is
 * granted, the consent cookie's name and granted value, the pixel ids, Limited Data Use options, the CSP nonce and
 * the calls held back). This script adds, for the CMP to call on the shopper's choice:
 *
 *   window.metaPixelConsent.grant()    // the shopper accepted marketing / advertising cookies
 *   window.metaPixelConsent.revoke()   // the shopper refused or withdrew
 *   window.metaPixelConsent.granted()  // true, false, or null when this page does not require consent
 *
 * grant(): sets the consent cookie the server reads (so later requests send server events too) and
 *   - "revoke" mode (Meta's code is on the page, told fbq('consent','revoke')): calls fbq('consent','grant'); Meta's
 *     library then sends the PageView (with the server-shared eventID) and the other events it held;
 *   - "strict" mode (nothing of Meta's on the page yet): loads Meta's base code and fbevents.js (with the page's
 *     CSP nonce), calls dataProcessingOptions (when LDU is on) and init per pixel, then replays the PageView and
 *     every event the page held back, each with its eventID.
 * revoke(): clears the consent cookie and, when Meta's code is on the page, calls fbq('consent','revoke').
 * Both return true when the page requires consent (and did something), false otherwise. Calling either twice is
 * harmless.
 *
 * No dependencies; one global (window.metaPixelConsent). Load it on every page that has <meta:head/>, before the
 * CMP's callbacks can run.
 */
(function (window, document) {
    'use strict';

    if (window.metaPixelConsent) {
        return;
    }

    var FBEVENTS_URL = 'https://connect.facebook.net/en_US/fbevents.js';
    /** How long a grant is remembered: 180 days, in seconds. */
    var GRANT_MAX_AGE = 15552000;

    function page() {
        var state = window.metaPixelConsentPage;
        return state !== null && typeof state === 'object' ? state : null;
    }

    function writeCookie(state, value, maxAge) {
        if (typeof state.cookie !== 'string' || state.cookie === '') {
            return;
        }
        var cookie = encodeURIComponent(state.cookie) + '=' + encodeURIComponent(value)
            + '; Path=/; Max-Age=' + maxAge + '; SameSite=Lax';
        if (window.location && window.location.protocol === 'https:') {
            cookie += '; Secure';
        }
        document.cookie = cookie;
    }

    /* Meta's base code semantics: a queueing fbq until fbevents.js takes over, then fbevents.js itself. */
    function loadBaseCode(nonce) {
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
        var script = document.createElement('script');
        script.async = true;
        script.src = FBEVENTS_URL;
        if (typeof nonce === 'string' && nonce !== '') {
            script.setAttribute('nonce', nonce);
        }
        var first = document.getElementsByTagName('script')[0];
        if (first && first.parentNode) {
            first.parentNode.insertBefore(script, first);
        } else {
            (document.head || document.documentElement).appendChild(script);
        }
    }

    function initPixels(state) {
        var fbq = window.fbq;
        if (state.ldu && typeof state.ldu === 'object') {
            fbq('dataProcessingOptions', ['LDU'], state.ldu.country, state.ldu.state);
        }
        var pixels = Array.isArray(state.pixels) ? state.pixels : [];
        for (var i = 0; i < pixels.length; i++) {
            fbq('init', pixels[i]);
        }
    }

    function releaseHeld(state) {
        var held = Array.isArray(state.held) ? state.held : [];
        state.held = [];
        window.metaPixelHold = undefined;
        for (var i = 0; i < held.length; i++) {
            try {
                window.fbq.apply(window, held[i]);
            } catch (e) {
                // One failing call must not keep the others back.
            }
        }
    }

    function grant() {
        var state = page();
        if (!state) {
            return false;
        }
        writeCookie(state, typeof state.grantedValue === 'string' ? state.grantedValue : 'granted', GRANT_MAX_AGE);
        state.granted = true;
        if (typeof window.fbq === 'function') {
            window.fbq('consent', 'grant');
        } else {
            loadBaseCode(state.nonce);
            initPixels(state);
        }
        releaseHeld(state);
        return true;
    }

    function revoke() {
        var state = page();
        if (!state) {
            return false;
        }
        writeCookie(state, '', 0);
        state.granted = false;
        if (typeof window.fbq === 'function') {
            window.fbq('consent', 'revoke');
        }
        return true;
    }

    function granted() {
        var state = page();
        return state ? state.granted === true : null;
    }

    window.metaPixelConsent = {grant: grant, revoke: revoke, granted: granted};
})(window, document);
