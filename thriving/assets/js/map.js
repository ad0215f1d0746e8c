// Draws the results map from the data attributes of #results-map with Leaflet (loaded before
// this module as the global L). The tile source is a setting: without one, the markers sit on a
// plain background. The list of results beside the map is the accessible equivalent.
const element = document.getElementById("results-map");

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
}

if (element && window.L) {
  draw(window.L);
}
