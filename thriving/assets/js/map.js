// Draws the results map from the data attributes of #results-map with Leaflet (loaded before
// this module as the global L). The tile source is a setting: without one, the map draws the
// localities and wards the service holds (data-base-map, GeoJSON from this site) with their names,
// so that the pins sit somewhere a person recognises. The list of results beside the map is the
// accessible equivalent.
const element = document.getElementById("results-map");

const LOCALITY = { color: "#1d70b8", weight: 3, fillColor: "#1d70b8", fillOpacity: 0.08 };
const WARD = { color: "#505a5f", weight: 1, dashArray: "4 3", fill: false };

function label(L, feature) {
  const text = document.createElement("span");
  text.textContent = feature.properties.name;
  const kind = feature.properties.kind === "locality" ? "locality" : "ward";
  // A standalone tooltip, not a marker: names are not pins, and are not counted or focused as pins.
  return L.tooltip({
    permanent: true,
    direction: "center",
    interactive: false,
    opacity: 1,
    className: `thriving-map-label thriving-map-label--${kind}`,
  })
    .setLatLng([feature.properties.label_lat, feature.properties.label_lng])
    .setContent(text);
}

async function drawBaseMap(L, map) {
  let data;
  try {
    const response = await fetch(element.dataset.baseMap, { headers: { Accept: "application/geo+json" } });
    if (!response.ok) {
      return;
    }
    data = await response.json();
  } catch {
    return; // the pins still show on the plain background
  }
  const layer = L.geoJSON(data, {
    style: (feature) => (feature.properties.kind === "locality" ? LOCALITY : WARD),
    interactive: false,
  }).addTo(map);
  layer.bringToBack();
  const labels = L.layerGroup(data.features.map((feature) => label(L, feature)));
  labels.addTo(map);
  // Ward names only when zoomed in far enough to read them.
  const wardNames = () => element.classList.toggle("thriving-map--wards-named", map.getZoom() >= 13);
  map.on("zoomend", wardNames);
  wardNames();
  element.dataset.baseMapDrawn = String(data.features.length);
}

function draw(L) {
  let points = [];
  try {
    points = JSON.parse(element.dataset.points || "[]");
  } catch {
    return;
  }
  if (!points.length) {
    return;
  }
  const map = L.map(element, { scrollWheelZoom: false, attributionControl: Boolean(element.dataset.tileUrl) });
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
  } else {
    element.classList.add("thriving-map--plain");
  }
  const bounds = [];
  if (element.dataset.centreLat && element.dataset.centreLng) {
    const centre = [Number(element.dataset.centreLat), Number(element.dataset.centreLng)];
    L.circleMarker(centre, { radius: 6, color: "#0b0c0c", fillColor: "#ffdd00", fillOpacity: 1, interactive: false }).addTo(map);
    bounds.push(centre);
  }
  for (const point of points) {
    const marker = L.marker([point.lat, point.lng], { title: `${point.name}, ${point.place}`, alt: point.name });
    const popup = document.createElement("div");
    const link = document.createElement("a");
    link.href = point.url;
    link.className = "govuk-link";
    link.textContent = point.name;
    popup.append(link, document.createElement("br"), document.createTextNode(point.place));
    marker.bindPopup(popup).addTo(map);
    bounds.push([point.lat, point.lng]);
  }
  map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  if (!element.dataset.tileUrl && element.dataset.baseMap) {
    drawBaseMap(L, map);
  }
}

if (element && window.L) {
  draw(window.L);
}
