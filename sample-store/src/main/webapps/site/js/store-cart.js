/*
 * store-cart.js - BrewBeans' AJAX add to cart: the reference for theme developers.
 *
 * Every form[data-test=add-to-cart] works without JavaScript (POST /cart/add, redirect to the cart page, whose
 * <meta:head/> renders the AddToCart the server created). With this script the form is posted by fetch instead:
 *
 *   - the form's own fields (productId, quantity and Broadleaf's csrfToken), URL-encoded like a normal post;
 *   - "Accept: application/json", which makes StoreCartController answer
 *       {"cartCount":3,"metaEvents":[{"name":"AddToCart","custom":false,"params":{...},"eventID":"..."}]}
 *   - the cart count in [data-test=cart-count] is updated and the events go to the pixel through
 *     MetaPixelEvents.track(response) (meta-pixel-events.js, served by the plugin), with the server's eventID
 *     so Meta deduplicates the browser and Conversions API copies.
 *
 * Browsers without fetch keep the plain form post. A failed call leaves the page as it was and says so.
 */
(function (window, document) {
    'use strict';

    if (typeof window.fetch !== 'function' || typeof window.FormData !== 'function'
            || typeof window.URLSearchParams !== 'function') {
        return;
    }

    var FORM_SELECTOR = 'form[data-test=add-to-cart]';

    function setStatus(form, text) {
        var status = form.querySelector('[data-test=add-to-cart-status]');
        if (status) {
            status.textContent = text;
        }
    }

    function submit(form) {
        var button = form.querySelector('[type=submit]');
        if (button) {
            button.disabled = true;
        }
        setStatus(form, 'Adding\u2026');
        window.fetch(form.action, {
            method: 'POST',
            credentials: 'same-origin',
            headers: {
                'Accept': 'application/json',
                'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8'
            },
            body: new window.URLSearchParams(new window.FormData(form)).toString()
        }).then(function (response) {
            var type = response.headers.get('Content-Type') || '';
            if (!response.ok || type.indexOf('application/json') !== 0) {
                throw new Error('HTTP ' + response.status);
            }
            return response.json();
        }).then(function (json) {
            var counts = document.querySelectorAll('[data-test=cart-count]');
            for (var i = 0; i < counts.length; i++) {
                counts[i].textContent = String(json.cartCount);
            }
            if (window.MetaPixelEvents) {
                window.MetaPixelEvents.track(json);
            }
            setStatus(form, 'Added to your cart.');
        })['catch'](function () {
            setStatus(form, 'Sorry, the item could not be added. Please try again.');
        }).then(function () {
            if (button) {
                button.disabled = false;
            }
        });
    }

    document.addEventListener('submit', function (event) {
        var form = event.target;
        if (!form || typeof form.matches !== 'function' || !form.matches(FORM_SELECTOR)) {
            return;
        }
        event.preventDefault();
        submit(form);
    });

    // Lets tests (and curious developers) see that the forms are enhanced.
    var forms = document.querySelectorAll(FORM_SELECTOR);
    for (var i = 0; i < forms.length; i++) {
        forms[i].setAttribute('data-ajax', 'enabled');
    }
})(window, document);
