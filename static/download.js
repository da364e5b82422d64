// Saves a picture the page made: an SVG as it is, or drawn into a PNG at twice its size (sharp
// on high-density screens). Imported by the Lab's wasm (src/ui/share.rs) for its Share panel.
// The SVG is drawn from a data: address, which the page's img-src allows; it refers to nothing
// outside itself, so the canvas stays readable.

function save(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

export function saveSvg(svg, name) {
  save(new Blob([svg], { type: "image/svg+xml" }), name);
}

export function savePng(svg, name) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const scale = 2;
      const canvas = document.createElement("canvas");
      canvas.width = img.naturalWidth * scale;
      canvas.height = img.naturalHeight * scale;
      const g = canvas.getContext("2d");
      g.scale(scale, scale);
      g.drawImage(img, 0, 0);
      canvas.toBlob((blob) => (blob ? (save(blob, name), resolve()) : reject(new Error("the PNG could not be made"))), "image/png");
    };
    img.onerror = () => reject(new Error("the picture could not be drawn"));
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  });
}
