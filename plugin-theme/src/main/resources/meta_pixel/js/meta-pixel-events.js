/*
 * meta-pixel-events.js - browser copies of Meta events that a storefront returns from an AJAX call.
 *
 * The server adds the events it created for the call (e.g. AddToCart, with the event ids it also sends to the
 * Conversions API) to its JSON response, in the shape PixelSnippetRenderer.renderAjaxJson writes:
 *
 *   {"metaEvents":[{"name":"AddToCart","custom":false,"params":{...},"eventID":"..."}], ...}
 *
 * and the page hands the parsed response to
 *
 *   MetaPixelEvents.track(response);
 *
 * which calls fbq('track' | 'trackCustom', name, params, {eventID: eventID}) for each entry, in order. It accepts
 * the parsed object or its JSON text; anything else, or a page without fbq (consent tooling, ad blocker, plugin
 * inactive), is ignored without an error. Returns the number of calls made.
 *
 * With "dataLayer":"also" in the response (setting meta.gtm.dataLayer) each entry is also pushed to
 * window.dataLayer as {event: 'meta.' + name, eventID: eventID, params: params}, for Google Tag Manager; with
 * "dataLayer":"only" it is pushed instead of the fbq call.
 *
 * No dependencies, no globals besides window.MetaPixelEvents. A theme may call it from its own AJAX success
 * handlers (for instance after Broadleaf's add-to-cart response); hooking jQuery's ajaxSuccess globally would
 * also work but is left to the theme.
 */
(function (window) {
    'use strict';

    if (window.MetaPixelEvents) {
        return;
    }

    function isObject(value) {
        return value !== null && typeof value === 'object' && !Array.isArray(value);
    }

    function track(response) {
        var data = response;
        if (typeof data === 'string') {
            try {
                data = JSON.parse(data);
            } catch (e) {
                return 0;
            }
        }
        if (!isObject(data) || !Array.isArray(data.metaEvents)) {
            return 0;
        }
        var fbq = window.fbq;
        var push = data.dataLayer === 'also' || data.dataLayer === 'only';
        var pixel = data.dataLayer !== 'only';
        if (pixel && !push && typeof fbq !== 'function') {
            return 0;
        }
        var calls = 0;
        for (var i = 0; i < data.metaEvents.length; i++) {
            var event = data.metaEvents[i];
            if (!isObject(event) || typeof event.name !== 'string' || event.name === '') {
                continue;
            }
            var params = isObject(event.params) ? event.params : {};
            var method = event.custom === true ? 'trackCustom' : 'track';
            if (push) {
                window.dataLayer = window.dataLayer || [];
                window.dataLayer.push({event: 'meta.' + event.name, eventID: event.eventID, params: params});
                calls++;
            }
            if (!pixel || typeof fbq !== 'function') {
                continue;
            }
            try {
                if (typeof event.eventID === 'string' && event.eventID !== '') {
                    fbq(method, event.name, params, {eventID: event.eventID});
                } else {
                    fbq(method, event.name, params);
                }
                calls++;
            } catch (e) {
                // A failing pixel must never break the page's own AJAX handling.
            }
        }
        return calls;
    }

    window.MetaPixelEvents = {track: track};
})(window);
