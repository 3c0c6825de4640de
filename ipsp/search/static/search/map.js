/* The search map: Natural Earth countries shaded by counts, places in clusters.
 *
 * Everything comes from the page's data-* attributes and two same-origin requests
 * (the shipped country shapes, the GeoJSON of the search); no tile server unless the
 * platform is configured with one. Selecting a shaded country opens the same page
 * filtered on that country. The list under the map holds the same results as text.
 */
(function () {
  "use strict";

  var element = document.getElementById("search-map");
  if (!element || !window.L || !window.fetch) {
    return;
  }
  var data = element.dataset;
  var section = element.closest(".map-section");
  var status = document.getElementById("map-status");
  var language = document.documentElement.lang || "en";
  var numbers = new Intl.NumberFormat(language);
  // Must match .map-legend-swatch.is-N in map.css (ColorBrewer YlGn, light to dark).
  var COLOURS = ["#eef0ec", "#d9f0a3", "#addd8e", "#78c679", "#31a354", "#006837"];

  function format(template, values) {
    // placeholders are written {name} in the page's translated strings
    return template.replace(/\{(\w+)\}/g, function (_match, name) {
      return values[name] === undefined ? "" : String(values[name]);
    });
  }

  function escapeHtml(text) {
    var span = document.createElement("span");
    span.textContent = text;
    return span.innerHTML;
  }

  function say(message) {
    if (status) {
      status.textContent = message;
    }
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json, application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error(body && body.error ? body.error : String(response.status));
          }
          return body;
        });
      });
  }

  section.classList.add("is-live");
  var map = L.map(element, {
    minZoom: 1,
    maxZoom: 14,
    zoomSnap: 0.5,
    worldCopyJump: false,
    maxBounds: [[-75, -240], [88, 240]],
    maxBoundsViscosity: 0.8,
    zoomControl: false,
  });
  L.control.zoom({ zoomInTitle: data.labelZoomIn, zoomOutTitle: data.labelZoomOut }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
  map.fitBounds([[-48, -150], [72, 165]]);

  var tiles = Boolean(data.tileUrl);
  if (tiles) {
    L.tileLayer(data.tileUrl, {
      maxZoom: 18,
      attribution: escapeHtml(data.tileAttribution || ""),
    }).addTo(map);
  }
  map.attributionControl.addAttribution(
    '<a href="https://www.naturalearthdata.com/">' + escapeHtml(data.baseAttribution) + "</a>"
  );

  /* --- Countries shaded by counts ---------------------------------------------------- */

  function thresholds(maximum) {
    // Five classes from 1 to the largest count, wider as counts grow (counts are skewed).
    var limits = [];
    for (var step = 1; step <= 4; step += 1) {
      var value = Math.max(1, Math.round(Math.pow(maximum, step / 5)));
      if (!limits.length || value > limits[limits.length - 1]) {
        limits.push(value);
      }
    }
    return limits;
  }

  function classOf(count, limits) {
    if (!count) {
      return 0;
    }
    var index = 0;
    while (index < limits.length && count > limits[index]) {
      index += 1;
    }
    // spread the used classes over the whole palette
    return 1 + Math.round((index * 4) / Math.max(1, limits.length));
  }

  function legendControl(limits, maximum) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "map-legend");
      var title = document.createElement("h3");
      title.textContent = data.labelLegend;
      box.appendChild(title);
      var list = document.createElement("ul");
      var rows = [[0, data.labelNone]];
      var low = 1;
      limits.concat([maximum]).forEach(function (high) {
        if (high < low) {
          return;
        }
        rows.push([classOf(high, limits), low === high ? numbers.format(low) : numbers.format(low) + "–" + numbers.format(high)]);
        low = high + 1;
      });
      rows.forEach(function (row) {
        var item = document.createElement("li");
        var swatch = document.createElement("span");
        swatch.className = "map-legend-swatch is-" + row[0];
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(row[1]));
        list.appendChild(item);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  function countryUrl(code) {
    var url = new URL(data.pageUrl, window.location.href);
    url.searchParams.delete("country");
    url.searchParams.delete("page");
    url.searchParams.append("country", code);
    return url.pathname + url.search;
  }

  function drawCountries(shapes, counts) {
    var byCode = {};
    var maximum = 0;
    counts.features.forEach(function (feature) {
      byCode[feature.properties.country] = feature.properties;
      maximum = Math.max(maximum, feature.properties.count);
    });
    var limits = thresholds(Math.max(1, maximum));
    L.geoJSON(shapes, {
      style: function (feature) {
        var found = byCode[feature.properties.code];
        return {
          color: "#4a5160",
          weight: 0.6,
          fillColor: COLOURS[classOf(found ? found.count : 0, limits)],
          fillOpacity: tiles ? 0.6 : 1,
          className: "map-country country-" + feature.properties.code + (found ? " has-entries" : ""),
        };
      },
      onEachFeature: function (feature, layer) {
        var found = byCode[feature.properties.code];
        if (!found) {
          layer.options.interactive = false;
          return;
        }
        layer.bindTooltip(
          format(data.labelCountry, { country: found.label, count: numbers.format(found.count) }),
          { sticky: true, direction: "top" }
        );
        layer.on("click", function () {
          window.location.assign(countryUrl(found.country));
        });
      },
    }).addTo(map);
    legendControl(limits, maximum).addTo(map);
  }

  /* --- Places, grouped in clusters ---------------------------------------------------------- */

  function popupContent(properties) {
    var box = document.createElement("div");
    var title = document.createElement(properties.url ? "a" : "span");
    title.className = "map-popup-title";
    title.textContent = properties.title;
    title.setAttribute("dir", "auto");
    if (properties.url) {
      title.href = properties.url;
    }
    box.appendChild(title);
    return box;
  }

  function drawPoints(collection) {
    if (collection.truncated) {
      say(data.labelTruncated);
      return;
    }
    if (!collection.features.length) {
      say(data.labelNoPlaces);
      return;
    }
    var clusters = L.markerClusterGroup({
      chunkedLoading: true,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      maxClusterRadius: 50,
      iconCreateFunction: function (cluster) {
        var count = cluster.getChildCount();
        var size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 50;
        return L.divIcon({
          html: "<span>" + numbers.format(count) + "</span>",
          className: "map-cluster",
          iconSize: [size, size],
        });
      },
    });
    clusters.on("animationend spiderfied", labelClusters);
    var markers = collection.features.map(function (feature) {
      var coordinates = feature.geometry.coordinates;
      var marker = L.marker([coordinates[1], coordinates[0]], {
        icon: L.divIcon({ className: "map-marker", iconSize: [14, 14] }),
        title: feature.properties.title,
        alt: feature.properties.title,
        riseOnHover: true,
      });
      marker.bindPopup(popupContent(feature.properties));
      return marker;
    });
    clusters.addLayers(markers);
    map.addLayer(clusters);
    if (new URL(window.location.href).search.length > 1) {
      // a narrowed search: show where its places are rather than the whole world
      map.fitBounds(clusters.getBounds(), { maxZoom: 5, padding: [40, 40] });
    }
    map.on("zoomend moveend", labelClusters);
    labelClusters();
    say(format(data.labelPlaces, { points: numbers.format(collection.features.length) }));
  }

  function labelClusters() {
    // Cluster icons are keyboard-focusable buttons: give each a name a screen reader reads.
    element.querySelectorAll(".map-cluster").forEach(function (icon) {
      var count = icon.textContent.trim();
      icon.setAttribute("aria-label", format(data.labelZoomGroup, { count: count }));
    });
    element.querySelectorAll(".map-marker[title]").forEach(function (icon) {
      icon.setAttribute("aria-label", icon.getAttribute("title"));
    });
  }

  Promise.all([getJSON(data.geometryUrl), getJSON(data.countriesUrl)])
    .then(function (results) {
      drawCountries(results[0], results[1]);
      return getJSON(data.pointsUrl).then(drawPoints);
    })
    .catch(function (error) {
      say(data.labelFailed + (error && error.message ? " (" + error.message + ")" : ""));
    });
})();
