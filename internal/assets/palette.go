package assets

import (
	"bytes"
	"fmt"
)

// PaletteFile is the stylesheet part the build makes from the brand
// colours; a bundle lists it to get them. Listed last, it replaces the
// defaults of the files before it, as the inline <style> it replaced did
// (a page's strict Content-Security-Policy refuses inline styles).
const PaletteFile = "css/palette.css"

// Palette is a set of brand colours, each "#rgb", "#rrggbb" or "" for
// none: [brand.colors] or [brand.dark] of works.toml.
type Palette struct{ Primary, Accent, Text, Surface string }

// PaletteCSS writes the light palette as the custom properties --primary,
// --accent, --text and --surface of :root, and a dark one (nil: none) as
// the same under prefers-color-scheme: dark, together with what the works
// theme's stylesheet changes for dark pages: the bands (header, hero,
// footer) become a dark tint of the primary colour, which in a dark
// palette is a light colour meant for text, cards and pictures are dimmed.
// A value that is not a hex colour is left out (config.Load refuses it),
// so nothing but a colour reaches the stylesheet. No colours at all give
// no bytes.
func PaletteCSS(light Palette, dark *Palette) []byte {
	var b bytes.Buffer
	if props := colourProps(light, "  "); props != "" {
		b.WriteString(":root {\n" + props + "}\n")
	}
	if dark != nil {
		// Custom properties keep their values' spaces through the
		// minifier, so the values are written as they ship.
		b.WriteString("@media (prefers-color-scheme: dark) {\n  :root {\n")
		b.WriteString(colourProps(*dark, "    "))
		b.WriteString(`    --band-bg: color-mix(in srgb,var(--primary) 16%,var(--surface));
    --band-fg: var(--text);
    --band-accent: var(--accent);
    --card: color-mix(in srgb,var(--text) 6%,var(--surface));
    --art-dim: .9;
    --img-filter: brightness(.9);
  }
}
`)
	}
	if b.Len() == 0 {
		return nil
	}
	return append([]byte("/* The brand palette, made by works from works.toml ([brand.colors], [brand.dark]). */\n"), b.Bytes()...)
}

// colourProps writes the custom property of each colour of p that is set.
func colourProps(p Palette, indent string) string {
	var b bytes.Buffer
	for _, c := range []struct{ name, value string }{
		{"primary", p.Primary}, {"accent", p.Accent}, {"text", p.Text}, {"surface", p.Surface},
	} {
		if _, ok := ParseColor(c.value); ok {
			fmt.Fprintf(&b, "%s--%s: %s;\n", indent, c.name, c.value)
		}
	}
	return b.String()
}
