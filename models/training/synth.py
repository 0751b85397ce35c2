"""Synthetic licence-plate renderer for the plate recogniser.

Renders whole plates (US, European Croatian/Serbian style, Brazilian grey) as RGB numpy arrays together with
the label (A-Z0-9 only) and the plate's corner quad inside the returned canvas. Everything that is NOT part of
the label (state names, slogans, country codes, city lines, emblems, stickers, bolts) is drawn as a distractor.

Fonts come from Debian packages (see README.md); missing fonts are skipped.
"""
import glob
import os
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFont

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"

# Main plate-number fonts: bold / condensed sans, DIN-like where we can get one.
_MAIN_FONT_NAMES = [
    "DejaVuSans-Bold.ttf", "DejaVuSansCondensed-Bold.ttf", "DejaVuSansCondensed.ttf", "DejaVuSans.ttf",
    "DejaVuSansMono-Bold.ttf", "LiberationSans-Bold.ttf", "LiberationSansNarrow-Bold.ttf",
    "LiberationSansNarrow-Regular.ttf", "LiberationMono-Bold.ttf", "FreeSansBold.ttf", "FreeMonoBold.ttf",
    "Roboto-Bold.ttf", "RobotoCondensed-Bold.ttf", "RobotoCondensed-Regular.ttf", "Roboto-Medium.ttf",
    "NimbusSansNarrow-Bold.otf", "NimbusSansNarrow-Regular.otf", "NimbusSans-Bold.otf", "NimbusMonoPS-Bold.otf",
    "BebasNeue-Bold.otf", "BebasNeue-Regular.otf", "B612-Bold.otf", "B612Mono-Bold.otf", "LiberationSerif-Bold.ttf",
    # 2026-11-22 (run 3): more sans shapes for US plates (geometric V/U W/M, slanted, regular weights)
    "URWGothic-Demi.otf", "URWGothic-Book.otf", "NimbusSans-Regular.otf", "NimbusSans-BoldItalic.otf",
    "NimbusSansNarrow-BoldOblique.otf", "DejaVuSans-BoldOblique.ttf", "DejaVuSansCondensed-BoldOblique.ttf",
    "FreeSans.ttf", "FreeSansBoldOblique.ttf", "LiberationSans-Regular.ttf", "LiberationSansNarrow-Bold.ttf",
    "Roboto-Regular.ttf", "Roboto-Black.ttf", "RobotoCondensed-Light.ttf", "Roboto-Light.ttf",
]
# US plates use narrow/condensed and bold fonts most often: drawn with extra weight in render_us
_US_FAVOURED = ["DejaVuSansCondensed-Bold.ttf", "LiberationSansNarrow-Bold.ttf", "NimbusSansNarrow-Bold.otf",
                "RobotoCondensed-Bold.ttf", "NimbusSans-Bold.otf", "LiberationSans-Bold.ttf", "URWGothic-Demi.otf",
                "BebasNeue-Bold.otf", "NimbusSansNarrow-Regular.otf", "RobotoCondensed-Regular.ttf"]
# Small header/footer fonts (anything goes, including serif and italic).
_SMALL_FONT_NAMES = _MAIN_FONT_NAMES + [
    "DejaVuSerif-Bold.ttf", "DejaVuSerif.ttf", "LiberationSerif-BoldItalic.ttf", "LiberationSerif-Italic.ttf",
    "FreeSerifBoldItalic.ttf", "FreeSansOblique.ttf", "LiberationSans-Italic.ttf",
]


# PLATE_FONTS_DIR: fonts copied from this machine's Debian packages (pack_for_device.py), where none are installed.
FONTS_DIR = os.environ.get("PLATE_FONTS_DIR", "/usr/share/fonts")


def _find_fonts(names):
    found = []
    for n in names:
        hits = glob.glob(f"{FONTS_DIR}/**/{n}", recursive=True)
        if hits:
            found.append(hits[0])
    return found


MAIN_FONTS = _find_fonts(list(dict.fromkeys(_MAIN_FONT_NAMES)))
US_FONTS = _find_fonts(_US_FAVOURED) or MAIN_FONTS
UPRIGHT_FONTS = [f for f in MAIN_FONTS if "Oblique" not in f and "Italic" not in f] or MAIN_FONTS  # EU / BR
SMALL_FONTS = _find_fonts(_SMALL_FONT_NAMES)
if not MAIN_FONTS:
    raise RuntimeError("no fonts found: apt-get install fonts-dejavu-core fonts-liberation (see README.md)")

_font_cache = {}


def font(path, size):
    size = max(6, int(size))
    key = (path, size)
    f = _font_cache.get(key)
    if f is None:
        f = ImageFont.truetype(path, size)
        _font_cache[key] = f
    return f


US_STATES = ["ALABAMA", "ALASKA", "ARIZONA", "ARKANSAS", "CALIFORNIA", "COLORADO", "CONNECTICUT", "DELAWARE",
             "FLORIDA", "GEORGIA", "HAWAII", "IDAHO", "ILLINOIS", "INDIANA", "IOWA", "KANSAS", "KENTUCKY",
             "LOUISIANA", "MAINE", "MARYLAND", "MASSACHUSETTS", "MICHIGAN", "MINNESOTA", "MISSISSIPPI", "MISSOURI",
             "MONTANA", "NEBRASKA", "NEVADA", "NEW HAMPSHIRE", "NEW JERSEY", "NEW MEXICO", "NEW YORK",
             "NORTH CAROLINA", "NORTH DAKOTA", "OHIO", "OKLAHOMA", "OREGON", "PENNSYLVANIA", "RHODE ISLAND",
             "SOUTH CAROLINA", "SOUTH DAKOTA", "TENNESSEE", "TEXAS", "UTAH", "VERMONT", "VIRGINIA", "WASHINGTON",
             "WEST VIRGINIA", "WISCONSIN", "WYOMING", "DISTRICT OF COLUMBIA", "Florida", "Texas", "Virginia",
             "Colorado", "Illinois", "Nevada", "Arizona", "Maryland"]
US_SLOGANS = ["LAND OF LINCOLN", "SUNSHINE STATE", "LIVE FREE OR DIE", "GREEN MOUNTAIN STATE", "THE OCEAN STATE",
              "FAMOUS POTATOES", "LONE STAR STATE", "EMPIRE STATE", "FIRST IN FLIGHT", "GRAND CANYON STATE",
              "VIRGINIA IS FOR LOVERS", "DISCOVER", "EXPLORE", "THE GARDEN STATE", "SPORTSMAN'S PARADISE",
              "VACATIONLAND", "Aloha State", "dmv.ca.gov", "Great Lakes", "Treasure State", "Heart of Dixie",
              "Peach State", "10,000 lakes", "Taxation Without Representation", "Spirit of America",
              "Constitution State", "The First State", "Wild Wonderful", "Pure Michigan", "America's Dairyland",
              "Battle Born", "Silver State", "Centennial", "Natural State", "In God We Trust", "Volunteer State"]
EU_CODES = ["HR", "SRB", "D", "A", "SLO", "BIH", "MNE", "I", "PL", "H", "CZ", "F", "NL", "B", "MK"]
BR_CITIES = ["SP - SAO PAULO", "RJ - RIO DE JANEIRO", "MG - BELO HORIZONTE", "PR - CURITIBA", "RS - PORTO ALEGRE",
             "SC - FLORIANOPOLIS", "BA - SALVADOR", "GO - GOIANIA", "DF - BRASILIA", "PE - RECIFE",
             "SP - CAMPINAS", "SP - SANTOS", "MG - UBERLANDIA", "PR - LONDRINA", "CE - FORTALEZA", "ES - VITORIA",
             "SP - SOROCABA", "RJ - NITEROI", "SP - OSASCO", "MT - CUIABA"]


def rand_chars(pattern):
    return "".join(random.choice(LETTERS) if c == "L" else random.choice(DIGITS) if c == "D"
                   else random.choice(ALPHABET) for c in pattern)


def _rgb(lo=0, hi=255):
    return tuple(random.randint(lo, hi) for _ in range(3))


def _tint(base, spread=30):
    return tuple(int(np.clip(b + random.randint(-spread, spread), 0, 255)) for b in base)


def _text_size(draw, txt, f):
    x0, y0, x1, y1 = draw.textbbox((0, 0), txt, font=f)
    return x0, y0, x1 - x0, y1 - y0


def draw_text_fit(img, groups, box, color, font_path, squeeze=1.0, spacing=0.05, seps=None, outline=None, stroke=0):
    """Draw the plate number into box=(x0,y0,x1,y1): groups of characters separated by separators.

    The string is rendered on its own layer with the font size set by the box height, then resized to fit the
    box (horizontal squeeze/stretch gives condensed variants of every font). stroke > 0 thickens the glyphs
    (stroke width as a fraction of the font size: heavier weights of every font).
    seps: list of separator kinds between groups: ' ', '-', '.', 'emblem', 'dot', 'heart'.
    """
    x0, y0, x1, y1 = box
    bh = y1 - y0
    bw = x1 - x0
    fsize = int(bh * 1.25)
    f = font(font_path, fsize)
    tmp = Image.new("L", (10, 10))
    d = ImageDraw.Draw(tmp)
    # measure characters individually so spacing is controllable
    items = []  # (kind, payload, width)
    gap = int(fsize * spacing)
    sw_px = int(round(fsize * stroke))
    for gi, g in enumerate(groups):
        for ch in g:
            _, _, w, _ = _text_size(d, ch, f)
            items.append(("c", ch, w + 2 * sw_px))
        if gi < len(groups) - 1:
            s = seps[gi] if seps else " "
            sw = {" ": int(fsize * 0.35), "": 0, "-": int(fsize * 0.45), ".": int(fsize * 0.3),
                  "emblem": int(fsize * 0.75), "dot": int(fsize * 0.35), "heart": int(fsize * 0.7)}[s]
            items.append(("s", s, sw))
    total = sum(w for _, _, w in items) + gap * (len(items) - 1)
    _, oy, _, th = _text_size(d, "0A8", f)
    th += 2 * sw_px
    oy -= sw_px
    layer_h = th + 4
    layer = Image.new("L", (total + 8, layer_h), 0)
    ld = ImageDraw.Draw(layer)
    colour_layers = []  # (mask, colour) extra elements (emblems) with their own colour
    x = 4
    for kind, p, w in items:
        if kind == "c":
            bb = ld.textbbox((0, 0), p, font=f)
            ld.text((x - bb[0] + sw_px, 2 - oy), p, font=f, fill=255, stroke_width=sw_px, stroke_fill=255)
        else:
            cy = layer_h // 2
            if p == "-":
                ld.rectangle([x + w * 0.15, cy - fsize * 0.05, x + w * 0.85, cy + fsize * 0.05], fill=255)
            elif p == ".":
                r = fsize * 0.06
                ld.ellipse([x + w / 2 - r, cy - r, x + w / 2 + r, cy + r], fill=255)
            elif p in ("emblem", "heart", "dot"):
                m = Image.new("L", layer.size, 0)
                md = ImageDraw.Draw(m)
                if p == "emblem":  # shield shape (coat of arms) with a checker pattern
                    sx0, sx1 = x + w * 0.1, x + w * 0.9
                    sy0, sy1 = layer_h * 0.15, layer_h * 0.85
                    md.polygon([(sx0, sy0), (sx1, sy0), (sx1, sy0 + (sy1 - sy0) * 0.6), ((sx0 + sx1) / 2, sy1),
                                (sx0, sy0 + (sy1 - sy0) * 0.6)], fill=255)
                    colour_layers.append((m, random.choice([(200, 30, 30), (180, 40, 50), (40, 60, 160)])))
                    m2 = Image.new("L", layer.size, 0)
                    md2 = ImageDraw.Draw(m2)
                    n = 4
                    cw = (sx1 - sx0) / n
                    for i in range(n):
                        for j in range(n):
                            if (i + j) % 2 == 0:
                                md2.rectangle([sx0 + i * cw, sy0 + j * cw, sx0 + (i + 1) * cw, sy0 + (j + 1) * cw],
                                              fill=255)
                    m2 = Image.fromarray(np.minimum(np.array(m2), np.array(m)))
                    colour_layers.append((m2, (235, 235, 235)))
                elif p == "heart":
                    r = w * 0.22
                    md.ellipse([x + w / 2 - 2 * r, cy - r * 1.5, x + w / 2, cy + r * 0.3], fill=255)
                    md.ellipse([x + w / 2, cy - r * 1.5, x + w / 2 + 2 * r, cy + r * 0.3], fill=255)
                    md.polygon([(x + w / 2 - 2 * r, cy - r * 0.4), (x + w / 2 + 2 * r, cy - r * 0.4),
                                (x + w / 2, cy + 2 * r)], fill=255)
                    colour_layers.append((m, _rgb()))
                else:
                    r = w * 0.3
                    md.ellipse([x + w / 2 - r, cy - r, x + w / 2 + r, cy + r], fill=255)
                    colour_layers.append((m, _rgb()))
        x += w + gap
    # fit into box
    tw = int(min(bw, max(8, layer.size[0] * (bh / layer_h) * squeeze)))
    layer = layer.resize((tw, bh), Image.BILINEAR)
    ox = x0 + (bw - tw) // 2
    if outline is not None:
        k = max(1, bh // 20)
        for dx, dy in ((-k, 0), (k, 0), (0, -k), (0, k)):
            img.paste(Image.new("RGB", layer.size, outline), (ox + dx, y0 + dy), layer)
    img.paste(Image.new("RGB", layer.size, color), (ox, y0), layer)
    for m, c in colour_layers:
        m = m.resize((tw, bh), Image.BILINEAR)
        img.paste(Image.new("RGB", m.size, c), (ox, y0), m)


def draw_small_text(img, txt, cx, cy, h, color, maxw=None, font_path=None):
    if h < 4 or not txt:
        return
    font_path = font_path or random.choice(SMALL_FONTS)
    f = font(font_path, h * 1.3)
    d = ImageDraw.Draw(img)
    x0, y0, w, th = _text_size(d, txt, f)
    layer = Image.new("L", (w + 4, th + 4), 0)
    ImageDraw.Draw(layer).text((2 - x0, 2 - y0), txt, font=f, fill=255)
    tw = w + 4
    scale = h / (th + 4)
    tw = int(tw * scale * random.uniform(0.8, 1.2))
    if maxw:
        tw = min(tw, int(maxw))
    tw = max(tw, 4)
    layer = layer.resize((tw, max(4, int(h))), Image.BILINEAR)
    img.paste(Image.new("RGB", layer.size, color), (int(cx - tw / 2), int(cy - h / 2)), layer)


def _bolts(img, w, h, colour=None):
    d = ImageDraw.Draw(img)
    r = max(2, int(h * random.uniform(0.03, 0.06)))
    c = colour or _tint((150, 150, 150), 60)
    ys = [h * random.uniform(0.08, 0.2), h * random.uniform(0.8, 0.92)] if random.random() < 0.3 else \
        [h * random.uniform(0.1, 0.25)]
    for y in ys:
        for x in (w * random.uniform(0.15, 0.3), w * random.uniform(0.7, 0.85)):
            d.ellipse([x - r, y - r, x + r, y + r], fill=c)


def _gradient_bg(w, h, c1, c2, vertical=True):
    t = np.linspace(0, 1, h if vertical else w, dtype=np.float32)
    t = t[:, None, None] if vertical else t[None, :, None]
    a = np.array(c1, np.float32)[None, None]
    b = np.array(c2, np.float32)[None, None]
    g = a * (1 - t) + b * t
    return np.broadcast_to(g, (h, w, 3)).astype(np.uint8)


def _decor(img, w, h):
    """Random scenery/stripes on US plates (mountains, waves, sun, bands)."""
    d = ImageDraw.Draw(img)
    for _ in range(random.randint(0, 3)):
        k = random.random()
        c = _tint(_rgb(60, 255), 20)
        if k < 0.3:  # band
            y = random.uniform(0, h)
            d.rectangle([0, y, w, y + h * random.uniform(0.03, 0.12)], fill=c)
        elif k < 0.6:  # mountains / hills polygon at bottom or top
            pts = [(0, h)]
            for i in range(6):
                pts.append((w * i / 5, h * random.uniform(0.55, 0.95)))
            pts.append((w, h))
            d.polygon(pts, fill=c)
        elif k < 0.8:  # sun/circle
            r = h * random.uniform(0.1, 0.4)
            x, y = random.uniform(0, w), random.uniform(0, h)
            d.ellipse([x - r, y - r, x + r, y + r], fill=c)
        else:  # wave line
            y = random.uniform(h * 0.6, h)
            xs = np.linspace(0, w, 20)
            ys = y + np.sin(xs / w * random.uniform(3, 12)) * h * 0.05
            d.line(list(zip(xs, ys)), fill=c, width=max(1, int(h * 0.03)))


US_PATTERNS = ["LLLDDDD", "DLLLDDD", "LLLDDD", "DDDLLL", "LLDDDD", "DDDDDD", "LLLDDDL", "DLLDDD", "LLDDDDD",
               "DDDLDD", "LDDLLL", "DLDDDD", "DDDDDDD", "LLLLDD", "DDLLDD", "DDDDLL", "AAAAAA", "AAAAAAA",
               "AAAAA", "AAAAAAAA", "LLDLLL", "DDLLLL", "LDDDLL", "DDLDDD"]


# Characters that small / stylised US fonts make look alike (the recogniser's remaining errors): plates built
# mostly from them make the model look at the details that tell them apart.
CONFUSABLE = "VUWMNH9B5S8D0OQE3F1I7T2Z6GCKXYAR4P"


def confusable_text():
    n = random.choice([5, 6, 6, 7, 7, 7, 8])
    pat = random.choice(US_PATTERNS)
    if len(pat) == n and random.random() < 0.5:
        # keep a realistic letter/digit layout but draw from the confusable characters of each kind
        return "".join(random.choice("VUWMNHBSDOQEFITZGCKXYARP") if c == "L" else
                       random.choice("9583016724") if c == "D" else random.choice(CONFUSABLE[:24]) for c in pat)
    return "".join(random.choice(CONFUSABLE[:24]) for _ in range(n))


def _split_groups(text):
    n = len(text)
    r = random.random()
    if r < 0.4 or n < 4:
        return [text]
    k = random.randint(2, n - 2) if n >= 4 else 1
    if r < 0.92:
        return [text[:k], text[k:]]
    k2 = random.randint(k + 1, n - 1) if k + 1 < n - 1 else n - 1
    return [g for g in (text[:k], text[k:k2], text[k2:]) if g]


def render_us(text=None):
    text = text or (confusable_text() if random.random() < 0.3 else rand_chars(random.choice(US_PATTERNS)))
    h = random.randint(56, 90)
    w = int(h * random.uniform(1.9, 2.1))
    dark = random.random() < 0.1
    if dark:
        bg1 = _tint((25, 40, 70), 30)
        fg = _tint((235, 235, 235), 20)
    else:
        bg1 = random.choice([(245, 245, 245), (250, 250, 235), (230, 240, 250), (250, 240, 210), _rgb(170, 255)])
        bg1 = _tint(bg1, 12)
        fg = random.choice([(20, 30, 110), (10, 10, 10), (150, 20, 20), (20, 80, 30), (40, 40, 60), _rgb(0, 120)])
    bg2 = _tint(bg1, 50) if random.random() < 0.5 else bg1
    arr = _gradient_bg(w, h, bg1, bg2, vertical=random.random() < 0.7)
    img = Image.fromarray(arr.copy())
    if random.random() < 0.5:
        _decor(img, w, h)
    d = ImageDraw.Draw(img)
    if random.random() < 0.5:
        bw = max(1, int(h * 0.03))
        d.rectangle([bw // 2, bw // 2, w - 1 - bw // 2, h - 1 - bw // 2], outline=_tint(fg, 40), width=bw)
    text_h = int(h * random.uniform(0.38, 0.55))
    text_y = int(h * random.uniform(0.24, 0.32))
    # header (state name) and footer (slogan): not part of the label
    if random.random() < 0.9:
        hh = h * random.uniform(0.12, 0.22)
        draw_small_text(img, random.choice(US_STATES), w / 2 + random.uniform(-0.1, 0.1) * w,
                        text_y * random.uniform(0.45, 0.6), hh, _tint(random.choice([fg, _rgb(0, 160)]), 30),
                        maxw=w * random.uniform(0.4, 0.9))
    if random.random() < 0.7:
        fh = h * random.uniform(0.08, 0.16)
        ty = text_y + text_h
        draw_small_text(img, random.choice(US_SLOGANS), w / 2, ty + (h - ty) * random.uniform(0.45, 0.6), fh,
                        _tint(random.choice([fg, _rgb(0, 160)]), 30), maxw=w * random.uniform(0.4, 0.85))
    # registration stickers / month-year tags in the corners (small digits: not part of the label)
    for _ in range(random.choice([0, 0, 1, 2])):
        sw, sh = w * random.uniform(0.1, 0.16), h * random.uniform(0.12, 0.2)
        sx = random.choice([w * 0.03, w * 0.97 - sw])
        sy = random.choice([h * 0.04, h * 0.96 - sh])
        d.rectangle([sx, sy, sx + sw, sy + sh], fill=_rgb(60, 255))
        draw_small_text(img, rand_chars("DD"), sx + sw / 2, sy + sh / 2, sh * 0.6, _rgb(0, 80), maxw=sw * 0.9)
    groups = _split_groups(text)
    seps = [random.choice([" ", " ", "-", "emblem", "heart", "dot", ""]) for _ in groups[1:]]
    margin = w * random.uniform(0.04, 0.12)
    fpath = random.choice(US_FONTS if random.random() < 0.4 else MAIN_FONTS)
    stroke = random.choice([0, 0, 0, 0.02, 0.04]) if random.random() < 0.5 else 0
    draw_text_fit(img, groups, (int(margin), text_y, int(w - margin), text_y + text_h), fg,
                  fpath, squeeze=random.uniform(0.6, 1.25), spacing=random.uniform(0.0, 0.12),
                  seps=seps, outline=_rgb() if random.random() < 0.05 else None, stroke=stroke)
    if random.random() < 0.5:
        _bolts(img, w, h)
    return np.array(img), text


EU_PATTERNS = [("LL", "DDD", "LL"), ("LL", "DDDD", "LL"), ("LL", "DDD", "L"), ("LL", "DDDD", "L"),
               ("LLL", "DDDD", ""), ("LL", "DDDDD", ""), ("L", "LLDDD", ""), ("LL", "LL", "DDDD"),
               ("DL", "DDDDD", ""), ("LLL", "DD", "LL"), ("L", "DDDDDD", ""), ("LL", "LDDD", ""),
               # plates that start with a digit (the 1 must not become I): more of them since run 3
               ("DL", "DDDDD", ""), ("D", "LLL", "DDD"), ("DLL", "DDDD", ""), ("DL", "DDDD", ""), ("D", "LL", "DDDD")]


def render_eu(text=None):
    h = random.randint(36, 60)
    w = int(h * random.uniform(4.3, 4.9))
    if text is None:
        pat = random.choice(EU_PATTERNS)
        parts = [rand_chars(p) for p in pat if p]
    else:
        parts = [text]
    label = "".join(parts)
    bg = _tint((240, 240, 240), 15) if random.random() < 0.93 else _tint((240, 200, 40), 15)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    bw = max(1, int(h * random.uniform(0.03, 0.07)))
    d.rectangle([0, 0, w - 1, h - 1], outline=_tint((20, 20, 20), 15), width=bw)
    has_strip = random.random() < 0.92
    sx1 = bw
    if has_strip:
        sx1 = int(w * random.uniform(0.07, 0.1))
        blue = _tint((20, 50, 150), 25)
        d.rectangle([bw, bw, sx1, h - 1 - bw], fill=blue)
        # ring of stars (tiny dots) + country code: not part of the label
        cx, cy, r = (bw + sx1) / 2, h * 0.3, (sx1 - bw) * 0.3
        for i in range(12):
            a = i / 12 * 2 * np.pi
            x, y = cx + r * np.cos(a), cy + r * np.sin(a)
            d.ellipse([x - 1, y - 1, x + 1, y + 1], fill=(230, 200, 30))
        draw_small_text(img, random.choice(EU_CODES), cx, h * 0.72, h * 0.26, (240, 240, 240),
                        maxw=(sx1 - bw) * 0.9)
    fg = _tint((15, 15, 15), 15)
    seps_kind = random.random()
    if len(parts) == 3 and seps_kind < 0.6:  # Croatian/Serbian: "RK [emblem] 115-AN"
        groups = parts
        seps = ["emblem", "-"]
    elif len(parts) == 3:
        groups = parts
        seps = [random.choice([" ", "-", "emblem"]), random.choice([" ", "-"])]
    else:
        groups = parts
        seps = [random.choice([" ", "-", "emblem", ""]) for _ in parts[1:]]
    text_h = int(h * random.uniform(0.62, 0.78))
    ty = (h - text_h) // 2 + random.randint(-1, 1)
    m = w * random.uniform(0.02, 0.05)
    draw_text_fit(img, groups, (int(sx1 + m), ty, int(w - m), ty + text_h), fg, random.choice(UPRIGHT_FONTS),
                  squeeze=random.uniform(0.75, 1.2), spacing=random.uniform(0.02, 0.12), seps=seps,
                  stroke=random.choice([0, 0, 0, 0.02]))
    # small registration sticker between groups on Croatian plates is handled by the emblem; add bolts sometimes
    if random.random() < 0.2:
        _bolts(img, w, h)
    return np.array(img), label


def render_br(text=None):
    label = text or (rand_chars("LLLDDDD") if random.random() < 0.9 else rand_chars("LLDDDD"))
    h = random.randint(44, 76)
    w = int(h * random.uniform(2.9, 3.3))
    grey = random.randint(140, 215)
    bg = _tint((grey, grey, grey + random.randint(-5, 10)), 8)
    img = Image.new("RGB", (w, h), bg)
    d = ImageDraw.Draw(img)
    fg = _tint((25, 25, 25), 20)
    bw = max(1, int(h * random.uniform(0.02, 0.06)))
    d.rectangle([0, 0, w - 1, h - 1], outline=fg, width=bw)
    top_h = h * random.uniform(0.2, 0.26)
    if random.random() < 0.9:
        d.line([(bw, top_h), (w - bw, top_h)], fill=fg, width=max(1, bw // 2)) if random.random() < 0.3 else None
        draw_small_text(img, random.choice(BR_CITIES), w / 2, top_h * 0.55, top_h * 0.65, fg,
                        maxw=w * random.uniform(0.5, 0.8))
    text_h = int(h * random.uniform(0.52, 0.66))
    ty = int(top_h + (h - top_h - text_h) * random.uniform(0.3, 0.6))
    k = 3 if len(label) == 7 else 2
    groups = [label[:k], label[k:]]
    seps = [random.choice(["-", "-", "-", " ", "."])]
    m = w * random.uniform(0.03, 0.07)
    draw_text_fit(img, groups, (int(m), ty, int(w - m), ty + text_h), fg, random.choice(UPRIGHT_FONTS),
                  squeeze=random.uniform(0.7, 1.1), spacing=random.uniform(0.02, 0.1), seps=seps)
    if random.random() < 0.5:
        _bolts(img, w, h, colour=_tint(fg, 30))
    return np.array(img), label


def render_random(weights=(0.45, 0.3, 0.25)):
    r = random.random()
    if r < weights[0]:
        return render_us()
    if r < weights[0] + weights[1]:
        return render_eu()
    return render_br()
