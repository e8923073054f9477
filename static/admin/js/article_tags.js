/*
 * Suggestions for the article's tags field (a comma-separated text input).
 *
 * As the editor types, the fragment after the last comma is sent to the admin's tag
 * suggestions endpoint and the matches fill the input's <datalist>. Each suggestion is the
 * whole field value with the fragment completed, because browsers match a datalist option
 * against everything typed so far. A trailing comma keeps taggit reading the field as
 * comma-separated, so "city hall" stays one tag. Without JavaScript the field still works.
 */
"use strict";
{
    const MIN_FRAGMENT_LENGTH = 1;

    function asTagName(name) {
        // taggit reads a quoted name as one tag even when it contains a comma.
        return name.includes(",") ? `"${name}"` : name;
    }

    function attach(input) {
        const list = document.getElementById(input.getAttribute("list"));
        const url = input.dataset.tagSuggestions;
        if (!list || !url) {
            return;
        }
        let pending = null;
        let lastFragment = null;

        input.addEventListener("input", () => {
            const value = input.value;
            const cut = value.lastIndexOf(",");
            const before = cut === -1 ? "" : value.slice(0, cut + 1);
            const fragment = value.slice(cut + 1).trim();
            if (fragment === lastFragment) {
                return;
            }
            lastFragment = fragment;
            if (pending) {
                pending.abort();
            }
            if (fragment.length < MIN_FRAGMENT_LENGTH) {
                list.replaceChildren();
                return;
            }
            const chosen = new Set(
                before.split(",").map((name) => name.trim().toLowerCase()).filter(Boolean)
            );
            const prefix = before ? `${before.trimEnd()} ` : "";
            pending = new AbortController();
            fetch(`${url}?${new URLSearchParams({term: fragment})}`, {
                credentials: "same-origin",
                headers: {Accept: "application/json"},
                signal: pending.signal,
            })
                .then((response) => (response.ok ? response.json() : {results: []}))
                .then((data) => {
                    const options = data.results
                        .filter((name) => !chosen.has(name.toLowerCase()))
                        .map((name) => {
                            const option = document.createElement("option");
                            option.value = `${prefix}${asTagName(name)}, `;
                            option.label = name;
                            return option;
                        });
                    list.replaceChildren(...options);
                })
                .catch(() => {
                    // An aborted or failed lookup only means no suggestions this time.
                });
        });
    }

    function attachAll() {
        document.querySelectorAll("input[data-tag-suggestions]").forEach(attach);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", attachAll);
    } else {
        attachAll();
    }
}
