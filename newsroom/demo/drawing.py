"""Pictures for the demo paper, drawn with Pillow.

The repository ships no photographs and the demo needs no network, so every "photo" is a
simple scene painted here. Each scene takes a seeded `random.Random`, so two runs draw the
same paper. Coordinates assume the 1600x1067 (3:2) canvas news photos usually come in.
"""

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

WIDTH, HEIGHT = 1600, 1067

# A few colours used by many scenes.
TRUNK = (92, 64, 44)
ASPHALT = (74, 74, 80)
SKY_DAY = ((112, 166, 224), (214, 232, 248))
SKY_DUSK = ((30, 34, 88), (246, 150, 86))
SKY_NIGHT = ((8, 12, 34), (44, 30, 74))
SKY_OVERCAST = ((150, 154, 164), (208, 204, 200))


def _font(size):
    # Pillow's bundled font (Aileron) needs no system fonts, so signs render everywhere.
    return ImageFont.load_default(size=size)


def _canvas(sky, horizon=HEIGHT):
    img = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 255))
    img.paste(_gradient((WIDTH, horizon), *sky), (0, 0))
    return img, ImageDraw.Draw(img)


def _gradient(size, top, bottom):
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGBA", size, (*bottom, 255)), Image.new("RGBA", size, (*top, 255)), mask
    )


def _band(img, top, bottom, colors):
    """A vertical gradient filling the full width from y=top to y=bottom."""
    img.paste(_gradient((WIDTH, bottom - top), *colors), (0, top))


def _glow(img, points, color, radius, blur):
    """Soft light around each point: drawn on its own layer, blurred, laid over.

    The layer is blurred at a quarter of the size and scaled back up: a soft glow loses
    nothing, and a full-size Gaussian blur would be most of the time spent drawing.
    """
    scale = 4
    layer = Image.new("RGBA", (img.width // scale, img.height // scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    r = max(1, radius / scale)
    for x, y in points:
        x, y = x / scale, y / scale
        draw.ellipse([x - r, y - r, x + r, y + r], fill=color)
    layer = layer.filter(ImageFilter.GaussianBlur(blur / scale))
    img.alpha_composite(layer.resize(img.size, Image.Resampling.BILINEAR))


def _text(draw, xy, text, size, fill):
    draw.text(xy, text, font=_font(size), fill=fill, anchor="mm")


def _cloud(draw, x, y, scale, color=(248, 250, 252)):
    for dx, dy, r in ((0, 0, 60), (70, -25, 75), (150, 0, 60), (75, 15, 65)):
        r *= scale
        cx, cy = x + dx * scale, y + dy * scale
        draw.ellipse([cx - r, cy - r * 0.7, cx + r, cy + r * 0.7], fill=color)


def _tree(draw, rng, x, base, height, canopy=(62, 122, 58)):
    trunk_w = height * 0.08
    draw.rectangle([x - trunk_w / 2, base - height * 0.45, x + trunk_w / 2, base], fill=TRUNK)
    r = height * 0.3
    cy = base - height * 0.65
    for _ in range(5):
        dx, dy = rng.uniform(-r * 0.5, r * 0.5), rng.uniform(-r * 0.4, r * 0.3)
        shade = tuple(max(0, min(255, c + rng.randint(-18, 18))) for c in canopy)
        draw.ellipse(
            [x + dx - r * 0.75, cy + dy - r * 0.7, x + dx + r * 0.75, cy + dy + r * 0.7], fill=shade
        )


def _pine(draw, x, base, height, color=(38, 92, 56)):
    draw.rectangle([x - 6, base - height * 0.15, x + 6, base], fill=TRUNK)
    for i in range(3):
        top = base - height + i * height * 0.25
        half = height * (0.18 + i * 0.07)
        draw.polygon(
            [(x, top), (x - half, top + height * 0.4), (x + half, top + height * 0.4)], fill=color
        )


def _person(draw, x, base, height, color, head=(224, 186, 150)):
    r = height * 0.09
    draw.ellipse([x - r, base - height, x + r, base - height + 2 * r], fill=head)
    draw.rounded_rectangle(
        [x - height * 0.14, base - height + 2.1 * r, x + height * 0.14, base - height * 0.38],
        radius=height * 0.05,
        fill=color,
    )
    leg = (52, 56, 70)
    draw.rectangle([x - height * 0.11, base - height * 0.4, x - height * 0.02, base], fill=leg)
    draw.rectangle([x + height * 0.02, base - height * 0.4, x + height * 0.11, base], fill=leg)


def _silhouette(draw, x, base, height, color):
    r = height * 0.1
    draw.ellipse([x - r, base - height, x + r, base - height + 2 * r], fill=color)
    draw.rounded_rectangle(
        [x - height * 0.17, base - height + 2 * r, x + height * 0.17, base],
        radius=height * 0.08,
        fill=color,
    )


def _crowd(draw, rng, base, count, height, colors):
    for _ in range(count):
        _silhouette(
            draw,
            rng.uniform(-20, WIDTH + 20),
            base + rng.uniform(0, 60),
            height * rng.uniform(0.8, 1.15),
            rng.choice(colors),
        )


def _windows(draw, rng, box, cols, rows, lit=(255, 214, 120), dark=(58, 62, 86), lit_share=0.4):
    x0, y0, x1, y1 = box
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    for c in range(cols):
        for r in range(rows):
            fill = lit if rng.random() < lit_share else dark
            draw.rectangle(
                [
                    x0 + c * cw + cw * 0.2,
                    y0 + r * rh + rh * 0.2,
                    x0 + (c + 1) * cw - cw * 0.2,
                    y0 + (r + 1) * rh - rh * 0.15,
                ],
                fill=fill,
            )


def _water(draw, rng, top, color, ripple, count=90):
    draw.rectangle([0, top, WIDTH, HEIGHT], fill=color)
    for _ in range(count):
        y = rng.uniform(top + 10, HEIGHT)
        x = rng.uniform(-100, WIDTH)
        length = rng.uniform(40, 220) * (0.5 + (y - top) / (HEIGHT - top))
        draw.line([x, y, x + length, y], fill=ripple, width=3)


def _wheel(draw, cx, cy, r):
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(30, 30, 34))
    draw.ellipse([cx - r * 0.45, cy - r * 0.45, cx + r * 0.45, cy + r * 0.45], fill=(170, 170, 176))


def _car(draw, x, base, width, color):
    h = width * 0.32
    draw.rounded_rectangle([x, base - h, x + width, base - h * 0.25], radius=12, fill=color)
    draw.polygon(
        [
            (x + width * 0.2, base - h),
            (x + width * 0.32, base - h * 1.6),
            (x + width * 0.7, base - h * 1.6),
            (x + width * 0.82, base - h),
        ],
        fill=color,
    )
    draw.polygon(
        [
            (x + width * 0.27, base - h),
            (x + width * 0.36, base - h * 1.5),
            (x + width * 0.66, base - h * 1.5),
            (x + width * 0.75, base - h),
        ],
        fill=(170, 200, 220),
    )
    _wheel(draw, x + width * 0.22, base - h * 0.2, h * 0.32)
    _wheel(draw, x + width * 0.78, base - h * 0.2, h * 0.32)


def _cone(draw, x, base, h=90):
    draw.polygon([(x - h * 0.28, base), (x, base - h), (x + h * 0.28, base)], fill=(240, 110, 20))
    draw.polygon(
        [
            (x - h * 0.17, base - h * 0.4),
            (x - h * 0.1, base - h * 0.65),
            (x + h * 0.1, base - h * 0.65),
            (x + h * 0.17, base - h * 0.4),
        ],
        fill=(245, 245, 245),
    )
    draw.rectangle([x - h * 0.38, base - 8, x + h * 0.38, base], fill=(220, 90, 20))


def _bricks(draw, box, base, mortar):
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=base)
    for i, y in enumerate(range(int(y0), int(y1), 24)):
        draw.line([x0, y, x1, y], fill=mortar, width=3)
        offset = 0 if i % 2 else 30
        for x in range(int(x0) + offset, int(x1), 60):
            draw.line([x, y, x, min(y + 24, y1)], fill=mortar, width=3)


# --- the scenes -------------------------------------------------------------------------------


def skyline_dusk(rng):
    img, draw = _canvas(SKY_DUSK, 760)
    draw.ellipse([1080, 630, 1220, 770], fill=(255, 200, 128))
    x = -20
    while x < WIDTH:
        w, h = rng.randint(90, 190), rng.randint(160, 520)
        tone = rng.randint(26, 44)
        draw.rectangle([x, 760 - h, x + w, 760], fill=(tone, tone + 2, tone + 22))
        if rng.random() < 0.25:
            draw.rectangle([x + w * 0.4, 760 - h - 60, x + w * 0.6, 760 - h], fill=(tone,) * 3)
        _windows(
            draw,
            rng,
            (x + 8, 760 - h + 12, x + w - 8, 750),
            max(2, w // 30),
            h // 40,
            lit_share=0.35,
        )
        x += w + rng.randint(0, 14)
    _band(img, 760, HEIGHT, ((44, 46, 92), (18, 20, 46)))
    for _ in range(140):
        y = rng.uniform(770, HEIGHT)
        x = rng.uniform(0, WIDTH)
        color = (255, 196, 120) if abs(x - 1150) < 120 else (210, 170, 110)
        draw.line([x, y, x + rng.uniform(20, 90), y], fill=color, width=2)
    return img


def river_bridge(rng):
    img, draw = _canvas(SKY_DAY, 600)
    for cx, cy, s in ((220, 140, 1.0), (900, 90, 0.8), (1320, 180, 1.2)):
        _cloud(draw, cx, cy, s)
    draw.ellipse([-300, 470, 900, 720], fill=(70, 120, 70))
    draw.ellipse([600, 490, 1900, 720], fill=(60, 110, 64))
    _water(draw, rng, 600, (56, 104, 146), (110, 160, 200))
    stone = (150, 140, 128)
    for px in (440, 1040):
        draw.rectangle([px - 34, 500, px + 34, 760], fill=stone)
        draw.rectangle([px - 34, 760, px + 34, 900], fill=(58, 84, 110))  # reflection
    for x0, x1 in ((-160, 440), (440, 1040), (1040, 1640)):
        draw.arc([x0, 480, x1, 860], 180, 360, fill=stone, width=26)
    draw.rectangle([0, 470, WIDTH, 505], fill=(124, 120, 116))
    draw.line([0, 430, WIDTH, 430], fill=(60, 60, 64), width=6)
    for x in range(0, WIDTH, 40):
        draw.line([x, 430, x, 470], fill=(60, 60, 64), width=4)
    for x in range(120, WIDTH, 300):
        draw.line([x, 330, x, 470], fill=(40, 40, 44), width=6)
        draw.ellipse([x - 14, 318, x + 14, 342], fill=(250, 236, 190))
    _car(draw, 560, 470, 150, (180, 40, 40))
    _car(draw, 1180, 470, 140, (40, 80, 160))
    return img


def park_trees(rng):
    img, draw = _canvas(SKY_DAY, 600)
    _cloud(draw, 1100, 130, 1.1)
    _band(img, 560, HEIGHT, ((110, 170, 90), (68, 128, 58)))
    draw.polygon([(600, 1067), (1010, 1067), (835, 560), (800, 560)], fill=(206, 190, 152))
    for x, base, h in (
        (120, 640, 260),
        (330, 600, 180),
        (560, 590, 150),
        (1080, 600, 170),
        (1280, 630, 240),
        (1500, 700, 330),
        (260, 820, 380),
    ):
        _tree(draw, rng, x, base, h, rng.choice([(62, 122, 58), (74, 136, 60), (54, 110, 64)]))
    draw.rectangle([1060, 780, 1260, 800], fill=(120, 84, 54))
    draw.rectangle([1060, 740, 1260, 758], fill=(120, 84, 54))
    for lx in (1075, 1240):
        draw.rectangle([lx, 800, lx + 10, 850], fill=(50, 50, 54))
    draw.line([960, 560, 960, 900], fill=(40, 40, 44), width=8)
    draw.ellipse([944, 540, 976, 572], fill=(250, 240, 200))
    _person(draw, 790, 800, 160, (200, 70, 60))
    _person(draw, 850, 820, 170, (60, 90, 160))
    _person(draw, 820, 640, 70, (230, 180, 50))
    return img


def school_building(rng):
    img, draw = _canvas(SKY_DAY, 820)
    _cloud(draw, 200, 150, 0.9)
    _band(img, 800, HEIGHT, ((104, 160, 84), (76, 134, 62)))
    brick = (170, 76, 58)
    draw.rectangle([200, 400, 1400, 820], fill=brick)
    draw.rectangle([190, 385, 1410, 405], fill=(200, 196, 186))
    draw.rectangle([640, 300, 960, 820], fill=(184, 86, 64))
    draw.rectangle([630, 288, 970, 306], fill=(200, 196, 186))
    draw.rectangle([650, 330, 950, 392], fill=(44, 52, 74))
    _text(draw, (800, 361), "RIVERSIDE HIGH SCHOOL", 28, (250, 250, 250))
    for box in ((220, 430, 630, 790), (970, 430, 1380, 790)):
        _windows(draw, rng, box, 6, 3, lit=(190, 220, 240), dark=(150, 190, 220), lit_share=0.5)
    draw.rectangle([700, 640, 900, 820], fill=(60, 70, 90))
    draw.line([800, 640, 800, 820], fill=(200, 200, 200), width=4)
    for i in range(3):
        draw.rectangle(
            [680 - i * 20, 820 + i * 14, 920 + i * 20, 834 + i * 14], fill=(190, 186, 178)
        )
    draw.line([1500, 240, 1500, 860], fill=(190, 190, 196), width=8)
    for i in range(7):
        draw.rectangle(
            [1504, 250 + i * 14, 1594, 264 + i * 14],
            fill=(190, 30, 40) if i % 2 == 0 else (245, 245, 245),
        )
    draw.rectangle([1504, 250, 1570, 306], fill=(40, 50, 120))
    _tree(draw, rng, 100, 900, 420)
    _pine(draw, 1460, 900, 260)
    return img


def fire_truck(rng):
    img, draw = _canvas(SKY_OVERCAST, 820)
    draw.rectangle([0, 820, WIDTH, HEIGHT], fill=ASPHALT)
    draw.rectangle([0, 810, WIDTH, 826], fill=(170, 166, 160))
    draw.rectangle([160, 450, 680, 812], fill=(192, 182, 160))
    draw.polygon([(130, 460), (420, 270), (710, 460)], fill=(70, 60, 60))
    draw.polygon([(300, 380), (430, 300), (520, 360), (420, 440)], fill=(30, 28, 28))
    for box in ((210, 520, 320, 640), (520, 520, 630, 640)):
        draw.rectangle(box, fill=(60, 54, 50))
    draw.rectangle([370, 640, 460, 812], fill=(110, 70, 50))
    _glow(img, [(380 + i * 40, 250 - i * 60) for i in range(6)], (110, 110, 116, 170), 90, 40)
    red = (196, 28, 30)
    draw.rectangle([740, 640, 1320, 880], fill=red)
    draw.rounded_rectangle([1290, 580, 1470, 880], radius=18, fill=red)
    draw.rectangle([1320, 605, 1450, 715], fill=(170, 206, 226))
    draw.rectangle([740, 760, 1470, 780], fill=(245, 245, 245))
    for x in range(760, 1300, 130):
        draw.rectangle([x, 660, x + 110, 750], outline=(150, 20, 24), width=4)
    draw.line([760, 600, 1280, 600], fill=(200, 200, 206), width=10)
    draw.line([760, 630, 1280, 630], fill=(200, 200, 206), width=10)
    for x in range(770, 1280, 36):
        draw.line([x, 600, x, 630], fill=(200, 200, 206), width=6)
    draw.rectangle([1320, 560, 1360, 580], fill=(230, 30, 30))
    draw.rectangle([1400, 560, 1440, 580], fill=(40, 80, 230))
    _glow(img, [(1340, 570), (1420, 570)], (255, 80, 60, 150), 30, 18)
    _text(draw, (1020, 820), "RIVERSIDE FIRE DEPT.  ENGINE 3", 30, (245, 245, 245))
    _wheel(draw, 880, 890, 60)
    _wheel(draw, 1360, 890, 60)
    draw.line([(700, 1000), (560, 950), (420, 1010), (250, 960)], fill=(230, 200, 40), width=12)
    for x in (600, 1540):
        _person(draw, x, 960, 210, (196, 168, 80), head=(30, 30, 30))
    return img


def market_stall(rng):
    img, draw = _canvas(SKY_DAY, 700)
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=(184, 178, 166))
    stripes = ((200, 40, 44), (246, 244, 238))
    for i, x in enumerate(range(280, 1320, 80)):
        draw.polygon([(x + 10, 250), (x + 90, 250), (x + 80, 400), (x, 400)], fill=stripes[i % 2])
    for i, x in enumerate(range(280, 1320, 80)):
        draw.pieslice([x, 370, x + 80, 430], 0, 180, fill=stripes[i % 2])
    for px in (300, 1300):
        draw.rectangle([px - 8, 400, px + 8, 900], fill=(90, 90, 96))
    _person(draw, 800, 640, 240, (60, 120, 80))
    draw.rectangle([320, 630, 1280, 700], fill=(126, 88, 54))
    draw.rectangle([320, 700, 1280, 830], fill=(236, 230, 210))
    produce = (
        ((200, 30, 30), 18),
        ((240, 140, 30), 26),
        ((120, 170, 50), 16),
        ((230, 200, 60), 20),
        ((140, 40, 80), 14),
    )
    for i, (color, r) in enumerate(produce):
        cx = 420 + i * 190
        draw.ellipse([cx - 85, 600, cx + 85, 660], fill=(150, 110, 70))
        for _ in range(24):
            x, y = cx + rng.uniform(-65, 65), 612 + rng.uniform(-28, 8)
            draw.ellipse([x - r, y - r, x + r, y + r], fill=color, outline=(0, 0, 0, 60))
    draw.rectangle([1340, 560, 1560, 760], fill=(40, 44, 40), outline=(140, 100, 60), width=10)
    _text(draw, (1450, 630), "FRESH", 48, (250, 250, 250))
    _text(draw, (1450, 690), "LOCAL", 40, (240, 210, 90))
    for x, color in ((160, (70, 100, 170)), (520, (190, 120, 40)), (1080, (120, 60, 110))):
        _person(draw, x, 1040, 330, color)
    return img


def festival_lights(rng):
    img, draw = _canvas(SKY_NIGHT, 720)
    for _ in range(80):
        x, y = rng.uniform(0, WIDTH), rng.uniform(0, 400)
        draw.point((x, y), fill=(230, 230, 250))
    x = 0
    while x < WIDTH:
        w, h = rng.randint(120, 220), rng.randint(120, 300)
        draw.rectangle([x, 720 - h, x + w, 720], fill=(22, 20, 36))
        _windows(draw, rng, (x + 10, 730 - h, x + w - 10, 700), 3, 3, lit_share=0.3)
        x += w
    draw.rectangle([0, 720, WIDTH, HEIGHT], fill=(38, 32, 42))
    bulbs = []
    for y0, sag in ((260, 140), (340, 120), (430, 90)):
        for i in range(41):
            t = i / 40
            x = t * WIDTH
            y = y0 + sag * 4 * t * (1 - t)
            bulbs.append((x, y))
    draw.line(bulbs[:41], fill=(60, 50, 40), width=3)
    draw.line(bulbs[41:82], fill=(60, 50, 40), width=3)
    draw.line(bulbs[82:], fill=(60, 50, 40), width=3)
    _glow(img, bulbs, (255, 200, 110, 160), 16, 12)
    for bx, by in bulbs:
        draw.ellipse([bx - 6, by - 6, bx + 6, by + 6], fill=(255, 236, 180))
    lanterns = [(rng.uniform(80, 1520), rng.uniform(480, 640)) for _ in range(9)]
    _glow(img, lanterns, (255, 120, 60, 150), 60, 30)
    for lx, ly in lanterns:
        color = rng.choice([(230, 70, 50), (250, 150, 40), (240, 200, 70)])
        draw.line([lx, ly - 80, lx, ly - 40], fill=(40, 30, 30), width=3)
        draw.ellipse([lx - 34, ly - 44, lx + 34, ly + 44], fill=color)
    for tx in (150, 1250):
        draw.polygon([(tx, 760), (tx + 110, 660), (tx + 220, 760)], fill=(230, 230, 236))
        draw.rectangle([tx + 10, 760, tx + 210, 860], fill=(200, 60, 60))
    _crowd(draw, rng, 880, 45, 260, [(14, 12, 20), (24, 20, 30), (34, 28, 40)])
    return img


def city_hall(rng):
    img, draw = _canvas(SKY_DAY, 910)
    _cloud(draw, 1250, 120, 1.0)
    stone, shade = (224, 216, 198), (190, 182, 164)
    draw.rectangle([680, 170, 920, 300], fill=shade)
    draw.ellipse([660, 60, 940, 250], fill=(156, 170, 150))
    draw.line([800, 10, 800, 64], fill=(80, 80, 80), width=6)
    draw.rectangle([250, 440, 1350, 840], fill=stone)
    draw.polygon([(280, 440), (1320, 440), (800, 260)], fill=stone, outline=shade)
    draw.polygon([(350, 425), (1250, 425), (800, 290)], fill=shade)
    draw.rectangle([270, 440, 1330, 500], fill=(214, 206, 188))
    _text(draw, (800, 470), "CITY  HALL", 44, (110, 100, 86))
    for i in range(6):
        cx = 390 + i * 164
        draw.rectangle([cx - 32, 500, cx + 32, 820], fill=(238, 232, 218))
        for f in (-16, 0, 16):
            draw.line([cx + f, 510, cx + f, 810], fill=shade, width=3)
        draw.rectangle([cx - 42, 500, cx + 42, 520], fill=shade)
        draw.rectangle([cx - 42, 810, cx + 42, 830], fill=shade)
    draw.rectangle([740, 620, 860, 820], fill=(70, 60, 54))
    for i in range(5):
        draw.rectangle(
            [230 - i * 30, 830 + i * 16, 1370 + i * 30, 846 + i * 16],
            fill=(200 - i * 6, 194 - i * 6, 180 - i * 6),
        )
    draw.rectangle([0, 910, WIDTH, HEIGHT], fill=(86, 142, 72))
    _tree(draw, rng, 110, 960, 420)
    _tree(draw, rng, 1500, 960, 420)
    return img


def water_main(rng):
    img, draw = _canvas(SKY_OVERCAST, 620)
    for x0, color in (
        (0, (150, 96, 76)),
        (320, (120, 130, 146)),
        (1140, (170, 150, 110)),
        (1400, (140, 80, 70)),
    ):
        draw.rectangle([x0, 250, x0 + 300, 620], fill=color)
        _windows(
            draw,
            rng,
            (x0 + 20, 280, x0 + 280, 560),
            3,
            3,
            lit=(180, 200, 210),
            dark=(90, 100, 110),
            lit_share=0.6,
        )
    draw.rectangle([0, 600, WIDTH, HEIGHT], fill=ASPHALT)
    draw.rectangle([0, 600, WIDTH, 630], fill=(170, 166, 160))
    draw.ellipse([150, 720, 1450, 1040], fill=(110, 150, 182))
    for _ in range(50):
        y = rng.uniform(740, 1020)
        x = rng.uniform(300, 1300)
        draw.line([x, y, x + rng.uniform(30, 120), y], fill=(170, 200, 224), width=3)
    spray = [
        (800 + math.sin(a) * r, 860 - math.cos(a) * r * 2.2)
        for a in (rng.uniform(-0.5, 0.5) for _ in range(160))
        for r in (rng.uniform(40, 220),)
    ]
    _glow(img, spray, (235, 244, 252, 200), 22, 14)
    draw.polygon([(780, 870), (820, 870), (860, 420), (740, 420)], fill=(220, 236, 248))
    for x in (260, 420, 1180, 1340):
        _cone(draw, x, 900)
    draw.rectangle([1380, 620, 1600, 860], fill=(240, 240, 240))
    draw.rectangle([1380, 740, 1600, 770], fill=(240, 120, 30))
    _wheel(draw, 1450, 870, 40)
    for x in (520, 1060):
        _person(draw, x, 960, 240, (240, 210, 40), head=(230, 230, 230))
    return img


def bakery(rng):
    img = Image.new("RGBA", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(img)
    _bricks(draw, (0, 0, WIDTH, 900), (150, 70, 54), (176, 150, 130))
    draw.rectangle([180, 90, 1420, 230], fill=(30, 40, 36))
    _text(draw, (800, 140), "FLOUR & EMBER", 84, (238, 206, 130))
    _text(draw, (800, 205), "BAKERY  \u00b7  EST. MILL STREET", 30, (230, 224, 210))
    stripes = ((40, 90, 70), (238, 232, 214))
    for i, x in enumerate(range(160, 1440, 64)):
        draw.polygon([(x, 270), (x + 64, 270), (x + 76, 380), (x + 12, 380)], fill=stripes[i % 2])
    draw.rectangle([230, 400, 1000, 840], fill=(252, 226, 172), outline=(40, 40, 40), width=14)
    for y in (560, 700):
        draw.rectangle([250, y, 980, y + 12], fill=(120, 86, 56))
        for i in range(7):
            x = 300 + i * 100 + rng.uniform(-8, 8)
            draw.ellipse(
                [x - 40, y - 44, x + 40, y + 2],
                fill=rng.choice([(196, 130, 60), (170, 104, 50), (210, 160, 90)]),
            )
    draw.rectangle([1080, 400, 1320, 900], fill=(40, 50, 46))
    draw.rectangle([1110, 430, 1290, 640], fill=(250, 224, 170))
    draw.rectangle([1135, 660, 1265, 710], fill=(200, 40, 40))
    _text(draw, (1200, 685), "OPEN", 34, (255, 255, 255))
    draw.rectangle([0, 900, WIDTH, HEIGHT], fill=(186, 182, 176))
    for x, color in ((1420, (70, 110, 170)), (1520, (200, 150, 50)), (150, (150, 60, 70))):
        _person(draw, x, 1050, 330, color)
    return img


def library(rng):
    img, draw = _canvas(SKY_DAY, 860)
    _cloud(draw, 300, 110, 0.9)
    body = (206, 176, 134)
    draw.rectangle([180, 340, 1420, 840], fill=body)
    draw.rectangle([170, 320, 1430, 350], fill=(226, 210, 180))
    draw.rectangle([600, 380, 1000, 440], fill=(226, 210, 180))
    _text(draw, (800, 410), "RIVERSIDE PUBLIC LIBRARY", 30, (90, 70, 50))
    for x in (260, 420, 1090, 1250):
        draw.rectangle([x, 520, x + 100, 720], fill=(60, 80, 100))
        draw.pieslice([x, 470, x + 100, 570], 180, 360, fill=(60, 80, 100))
        draw.line([x + 50, 470, x + 50, 720], fill=(226, 210, 180), width=5)
    draw.rectangle([700, 540, 900, 840], fill=(80, 56, 40))
    draw.pieslice([700, 460, 900, 620], 180, 360, fill=(80, 56, 40))
    draw.rectangle([0, 840, WIDTH, HEIGHT], fill=(160, 156, 150))
    for x in range(1000, 1300, 60):
        draw.arc([x, 880, x + 50, 960], 180, 360, fill=(60, 60, 66), width=6)
    for x, c in ((90, (210, 120, 40)), (1520, (200, 60, 40))):
        _tree(draw, rng, x, 940, 440, c)
    _person(draw, 560, 1000, 240, (70, 130, 110))
    return img


def bench_river(rng):
    img, draw = _canvas(((250, 176, 120), (255, 226, 186)), 560)
    draw.ellipse([700, 460, 860, 620], fill=(255, 240, 200))
    draw.rectangle([0, 520, WIDTH, 575], fill=(70, 90, 70))
    _water(draw, rng, 575, (112, 124, 164), (250, 200, 150), 110)
    draw.polygon([(0, 780), (WIDTH, 720), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(84, 118, 64))
    wood = (110, 78, 52)
    for y in (720, 750, 780):
        draw.rectangle([420, y, 1180, y + 20], fill=wood)
    for y in (820, 848):
        draw.rectangle([420, y, 1180, y + 22], fill=wood)
    for x in (450, 1130):
        draw.rectangle([x, 800, x + 24, 930], fill=(50, 50, 54))
    draw.rectangle([740, 728, 860, 768], fill=(200, 170, 90))
    for i in range(9):
        x = 1000 + i * 14
        draw.line([x, 820, 1060, 860], fill=(60, 120, 50), width=5)
        color = rng.choice([(240, 240, 240), (230, 80, 110), (250, 210, 60)])
        draw.ellipse([x - 18, 780 + (i % 3) * 12, x + 18, 816 + (i % 3) * 12], fill=color)
    draw.line([1380, 480, 1380, 900], fill=(40, 40, 44), width=10)
    draw.ellipse([1360, 460, 1400, 500], fill=(255, 244, 210))
    return img


def mural(rng):
    img, draw = _canvas(SKY_DAY, 300)
    draw.rectangle([0, 120, WIDTH, 960], fill=(206, 200, 188))
    draw.rectangle([160, 200, 1360, 860], fill=(120, 190, 230))
    draw.ellipse([1080, 240, 1260, 420], fill=(250, 200, 70))
    draw.rectangle([160, 560, 1360, 860], fill=(40, 110, 150))
    for k in range(5):
        pts = [(x, 600 + k * 50 + 14 * math.sin(x / 50 + k)) for x in range(160, 1361, 20)]
        draw.line(pts, fill=(200, 236, 250), width=8)
    draw.polygon([(420, 560), (700, 560), (650, 620), (470, 620)], fill=(160, 60, 40))
    draw.line([560, 420, 560, 560], fill=(60, 40, 30), width=8)
    draw.polygon([(566, 430), (566, 540), (660, 540)], fill=(246, 240, 226))
    draw.arc([800, 420, 1360, 760], 180, 360, fill=(90, 70, 60), width=24)
    for bx, by in ((300, 300), (360, 270), (420, 320)):
        draw.line([bx - 20, by - 10, bx, by, bx + 20, by - 10], fill=(40, 40, 40), width=5)
    draw.rectangle([1380, 300, 1400, 960], fill=(120, 120, 126))
    draw.rectangle([1520, 300, 1540, 960], fill=(120, 120, 126))
    for y in (300, 560, 820):
        draw.rectangle([1370, y, 1560, y + 20], fill=(150, 110, 70))
    _person(draw, 1460, 560, 200, (240, 240, 240))
    draw.rectangle([0, 960, WIDTH, HEIGHT], fill=(150, 146, 140))
    for x, c in ((1200, (220, 60, 60)), (1260, (50, 120, 200))):
        draw.rectangle([x, 1000, x + 44, 1050], fill=c)
    return img


def trail(rng):
    img, draw = _canvas(((250, 196, 150), (190, 214, 236)), 520)
    draw.ellipse([300, 380, 420, 500], fill=(255, 232, 190))
    draw.polygon([(0, 520), (WIDTH, 520), (WIDTH, 620), (0, 760)], fill=(96, 130, 80))
    draw.polygon([(0, 760), (WIDTH, 620), (WIDTH, 700), (0, 900)], fill=(110, 150, 186))
    draw.polygon([(0, 900), (WIDTH, 700), (WIDTH, HEIGHT), (0, HEIGHT)], fill=(120, 150, 76))
    draw.polygon([(1600, 760), (1600, 830), (300, 1067), (120, 1067)], fill=(196, 188, 170))
    for x in range(60, WIDTH, 170):
        base = 560 - x * 0.02
        _tree(
            draw,
            rng,
            x,
            base,
            rng.randint(130, 200),
            rng.choice([(214, 120, 40), (190, 60, 40), (226, 180, 50), (90, 130, 60)]),
        )
    cx, cy = 820, 920
    _wheel(draw, cx - 70, cy, 46)
    _wheel(draw, cx + 70, cy, 46)
    draw.line([cx - 70, cy, cx, cy - 60, cx + 70, cy], fill=(30, 100, 180), width=8)
    draw.line([cx, cy - 60, cx - 20, cy - 120], fill=(30, 100, 180), width=8)
    _person(draw, cx - 10, cy - 60, 170, (230, 90, 40))
    _person(draw, 1300, 820, 150, (60, 60, 140))
    return img


def playground(rng):
    img, draw = _canvas(SKY_DAY, 640)
    _cloud(draw, 260, 120, 1.0)
    for x in range(80, WIDTH, 260):
        _tree(draw, rng, x, 620, 260)
    draw.line([0, 600, WIDTH, 600], fill=(90, 90, 90), width=4)
    for x in range(0, WIDTH, 40):
        draw.line([x, 560, x, 600], fill=(90, 90, 90), width=3)
    _band(img, 600, HEIGHT, ((186, 146, 100), (160, 120, 80)))
    for _ in range(400):
        x, y = rng.uniform(0, WIDTH), rng.uniform(610, HEIGHT)
        draw.line([x, y, x + 8, y + 3], fill=(130, 94, 60), width=2)
    for x in (420, 620):
        draw.rectangle([x, 420, x + 20, 820], fill=(40, 110, 170))
    draw.rectangle([420, 600, 640, 630], fill=(240, 190, 40))
    draw.polygon([(400, 430), (530, 320), (660, 430)], fill=(210, 50, 50))
    draw.polygon([(640, 600), (640, 640), (960, 830), (1000, 800)], fill=(240, 190, 40))
    for i in range(6):
        draw.line([380, 620 + i * 34, 420, 620 + i * 34], fill=(40, 110, 170), width=6)
    draw.line([1080, 820, 1180, 420, 1280, 820], fill=(40, 40, 50), width=12)
    draw.line([1320, 820, 1420, 420, 1520, 820], fill=(40, 40, 50), width=12)
    draw.line([1180, 420, 1420, 420], fill=(40, 40, 50), width=14)
    for sx in (1240, 1360):
        draw.line([sx - 20, 420, sx - 20, 700], fill=(120, 120, 126), width=3)
        draw.line([sx + 20, 420, sx + 20, 700], fill=(120, 120, 126), width=3)
        draw.rectangle([sx - 30, 700, sx + 30, 712], fill=(30, 30, 30))
    _person(draw, 1240, 740, 110, (240, 120, 160))
    _person(draw, 820, 800, 120, (90, 170, 90))
    _person(draw, 300, 900, 130, (90, 110, 220))
    return img


def school_bus(rng):
    img, draw = _canvas(((160, 200, 240), (250, 220, 180)), 720)
    for x in range(40, WIDTH, 240):
        _pine(draw, x, 700, rng.randint(200, 300))
    draw.rectangle([0, 700, WIDTH, HEIGHT], fill=ASPHALT)
    draw.rectangle([0, 690, WIDTH, 712], fill=(176, 172, 166))
    yellow = (246, 190, 30)
    draw.rounded_rectangle([300, 420, 1400, 870], radius=30, fill=yellow)
    draw.rounded_rectangle([140, 600, 340, 870], radius=24, fill=yellow)
    for y in (700, 740):
        draw.line([140, y, 1400, y], fill=(30, 30, 30), width=6)
    for x in range(380, 1360, 120):
        draw.rectangle([x, 460, x + 96, 580], fill=(40, 50, 60))
    draw.rectangle([300, 460, 360, 820], fill=(40, 50, 60))
    _text(draw, (870, 640), "SCHOOL BUS", 64, (20, 20, 20))
    _text(draw, (870, 800), "RIVERSIDE COMMUNITY SCHOOLS", 30, (20, 20, 20))
    octagon = [
        (
            380 + 55 * math.cos(math.pi / 8 + k * math.pi / 4),
            640 + 55 * math.sin(math.pi / 8 + k * math.pi / 4),
        )
        for k in range(8)
    ]
    draw.polygon(octagon, fill=(200, 20, 30))
    _text(draw, (380, 640), "STOP", 26, (255, 255, 255))
    _wheel(draw, 440, 880, 70)
    _wheel(draw, 1220, 880, 70)
    for i, color in enumerate(((220, 60, 60), (60, 140, 220), (120, 200, 90), (240, 160, 40))):
        _person(draw, 1480 - i * 60, 990, 150 + i * 10, color)
    return img


def crosswalk(rng):
    img, draw = _canvas(SKY_DAY, 500)
    for x in (40, 1280):
        draw.rectangle([x, 330, x + 260, 500], fill=(210, 200, 180))
        draw.polygon([(x - 20, 340), (x + 130, 240), (x + 280, 340)], fill=(110, 60, 50))
        draw.rectangle([x + 110, 410, x + 150, 500], fill=(80, 60, 50))
    draw.rectangle([0, 480, WIDTH, HEIGHT], fill=(96, 148, 80))
    draw.polygon([(100, 1067), (1500, 1067), (860, 480), (740, 480)], fill=ASPHALT)

    def at(t, y):
        # Where a point a share t across the road sits at height y, in perspective.
        left = 740 + (100 - 740) * (y - 480) / (1067 - 480)
        right = 860 + (1500 - 860) * (y - 480) / (1067 - 480)
        return left + (right - left) * t

    y_top, y_bottom = 800, 880
    for i in range(8):
        t0, t1 = i / 8, (i + 0.55) / 8
        draw.polygon(
            [
                (at(t0, y_top), y_top),
                (at(t1, y_top), y_top),
                (at(t1, y_bottom), y_bottom),
                (at(t0, y_bottom), y_bottom),
            ],
            fill=(240, 240, 236),
        )
    draw.line([800, 500, 800, 780], fill=(240, 200, 40), width=6)
    draw.line([1420, 520, 1420, 960], fill=(140, 140, 146), width=12)
    draw.polygon([(1420, 430), (1510, 520), (1420, 610), (1330, 520)], fill=(240, 220, 40))
    _person(draw, 1420, 570, 100, (20, 20, 20), head=(20, 20, 20))
    _car(draw, 730, 700, 140, (200, 200, 206))
    _person(draw, 560, 870, 230, (160, 60, 120))
    return img


def grain_elevator(rng):
    img, draw = _canvas(((100, 150, 214), (226, 236, 246)), 860)
    concrete, shade = (214, 208, 196), (184, 178, 166)
    for i in range(5):
        x = 360 + i * 150
        draw.rectangle([x, 260, x + 150, 840], fill=concrete)
        draw.rectangle([x + 110, 260, x + 150, 840], fill=shade)
        draw.ellipse([x, 236, x + 150, 284], fill=shade)
    draw.rectangle([560, 60, 860, 260], fill=concrete)
    draw.rectangle([580, 80, 840, 140], fill=(60, 80, 110))
    _text(draw, (710, 110), "RIVERSIDE CO-OP", 30, (250, 250, 250))
    draw.rectangle([1110, 560, 1400, 840], fill=(150, 60, 40))
    draw.line([860, 140, 1180, 560], fill=(120, 120, 124), width=18)
    draw.rectangle([0, 840, WIDTH, HEIGHT], fill=(130, 120, 100))
    for x in range(0, WIDTH, 40):
        draw.rectangle([x, 930, x + 16, 990], fill=(90, 66, 46))
    for y in (940, 976):
        draw.line([0, y, WIDTH, y], fill=(110, 110, 116), width=8)
    draw.rectangle([120, 780, 560, 930], fill=(130, 50, 40))
    _wheel(draw, 190, 940, 30)
    _wheel(draw, 490, 940, 30)
    _pine(draw, 1500, 860, 300)
    return img


def garden(rng):
    img, draw = _canvas(SKY_DAY, 560)
    for x in range(0, WIDTH, 36):
        draw.rectangle([x, 440, x + 26, 600], fill=(222, 212, 190))
        draw.polygon([(x, 440), (x + 13, 420), (x + 26, 440)], fill=(222, 212, 190))
    draw.rectangle([0, 500, WIDTH, 516], fill=(200, 190, 168))
    _band(img, 600, HEIGHT, ((130, 100, 70), (100, 76, 52)))
    for row, (y, h) in enumerate(((640, 70), (760, 90), (910, 120))):
        draw.rectangle([80, y, 1400, y + h], fill=(140, 96, 60))
        draw.rectangle([80, y + h, 1400, y + h + 18], fill=(100, 70, 44))
        for x in range(110, 1380, 60 + row * 10):
            r = 22 + row * 8
            draw.ellipse(
                [x - r, y - r * 0.6, x + r, y + r * 0.6],
                fill=rng.choice([(60, 140, 60), (80, 160, 70), (40, 120, 60)]),
            )
    for x in range(140, 620, 90):
        top = 300 + rng.randint(-30, 30)
        draw.line([x, top, x, 640], fill=(60, 120, 50), width=8)
        draw.ellipse([x - 40, top - 40, x + 40, top + 40], fill=(250, 200, 40))
        draw.ellipse([x - 16, top - 16, x + 16, top + 16], fill=(110, 70, 30))
    draw.polygon([(1420, 900), (1560, 900), (1530, 980), (1440, 980)], fill=(60, 120, 160))
    _wheel(draw, 1490, 1000, 28)
    _person(draw, 1080, 880, 300, (200, 80, 60))
    return img


def ferris_wheel(rng):
    img, draw = _canvas(SKY_NIGHT, 860)
    for _ in range(100):
        draw.point((rng.uniform(0, WIDTH), rng.uniform(0, 500)), fill=(230, 230, 250))
    cx, cy, r = 800, 470, 360
    draw.line([cx - 220, 900, cx, cy, cx + 220, 900], fill=(150, 150, 160), width=14)
    for k in range(16):
        a = k * math.pi / 8
        draw.line(
            [cx, cy, cx + r * math.cos(a), cy + r * math.sin(a)], fill=(170, 170, 190), width=4
        )
    draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(200, 200, 220), width=8)
    lights = [
        (cx + r * math.cos(k * math.pi / 24), cy + r * math.sin(k * math.pi / 24))
        for k in range(48)
    ]
    _glow(img, lights, (255, 120, 200, 150), 14, 12)
    for k, (x, y) in enumerate(lights):
        color = ((255, 90, 160), (110, 200, 255), (255, 220, 90))[k % 3]
        draw.ellipse([x - 6, y - 6, x + 6, y + 6], fill=color)
    for k in range(8):
        a = k * math.pi / 4
        gx, gy = cx + r * math.cos(a), cy + r * math.sin(a)
        draw.rounded_rectangle(
            [gx - 30, gy, gx + 30, gy + 50], radius=10, fill=((210, 60, 60), (60, 120, 210))[k % 2]
        )
    draw.rectangle([0, 900, WIDTH, HEIGHT], fill=(30, 26, 36))
    _crowd(draw, rng, 980, 30, 200, [(14, 12, 20), (26, 22, 32)])
    return img


def river_lanterns(rng):
    img, draw = _canvas(SKY_NIGHT, 430)
    draw.rectangle([0, 380, WIDTH, 430], fill=(16, 20, 28))
    for x in range(0, WIDTH, 90):
        _pine(draw, x, 430, rng.randint(90, 160), color=(14, 22, 24))
    town = [(rng.uniform(0, WIDTH), rng.uniform(395, 425)) for _ in range(30)]
    _glow(img, town, (255, 210, 140, 140), 6, 4)
    _band(img, 430, HEIGHT, ((20, 26, 52), (10, 12, 26)))
    lanterns = [(rng.uniform(40, 1560), 460 + (i / 34) ** 1.6 * 560) for i in range(34)]
    _glow(img, lanterns, (255, 150, 60, 170), 34, 22)
    for x, y in lanterns:
        s = 0.4 + (y - 460) / 560
        for step in range(1, 4):
            # Broken streaks below each lantern: its reflection on moving water.
            half, y_streak = (26 - step * 5) * s, y + (18 + step * 16) * s
            draw.line(
                [x - half, y_streak, x + half, y_streak],
                fill=(200, 120, 50),
                width=max(2, int(5 * s)),
            )
        draw.polygon(
            [
                (x - 18 * s, y - 22 * s),
                (x + 18 * s, y - 22 * s),
                (x + 24 * s, y + 18 * s),
                (x - 24 * s, y + 18 * s),
            ],
            fill=(255, 190, 90),
        )
    draw.rectangle([1100, 900, WIDTH, 960], fill=(60, 44, 34))
    for x in (1200, 1320, 1450):
        _silhouette(draw, x, 900, 230, (8, 8, 14))
    return img


def theater(rng):
    img = Image.new("RGBA", (WIDTH, HEIGHT), (34, 16, 22, 255))
    draw = ImageDraw.Draw(img)
    _band(img, 760, HEIGHT, ((150, 100, 62), (96, 62, 40)))
    for x in range(0, 430, 36):
        draw.rectangle([x, 0, x + 36, 860], fill=(150 if x // 36 % 2 else 120, 18, 30))
    for x in range(1170, WIDTH, 36):
        draw.rectangle([x, 0, x + 36, 860], fill=(150 if x // 36 % 2 else 120, 18, 30))
    draw.rectangle([0, 0, WIDTH, 120], fill=(130, 14, 26))
    for x in range(0, WIDTH, 100):
        draw.pieslice([x, 70, x + 100, 170], 0, 180, fill=(130, 14, 26))
    cone = Image.new("RGBA", img.size, (0, 0, 0, 0))
    ImageDraw.Draw(cone).polygon(
        [(760, 0), (840, 0), (1060, 880), (540, 880)], fill=(255, 240, 190, 70)
    )
    img.alpha_composite(cone.filter(ImageFilter.GaussianBlur(12)))
    _person(draw, 720, 840, 300, (60, 90, 140))
    _person(draw, 880, 840, 280, (200, 180, 140))
    draw.rectangle([640, 700, 700, 760], fill=(120, 90, 60))
    for row, y in enumerate((1010, 1060)):
        for x in range(30 + row * 40, WIDTH, 90):
            draw.ellipse([x - 34, y - 40, x + 34, y + 40], fill=(12, 8, 12))
    return img


def council_chamber(rng):
    img = Image.new("RGBA", (WIDTH, HEIGHT), (128, 88, 56, 255))
    draw = ImageDraw.Draw(img)
    for x in range(0, WIDTH, 160):
        draw.rectangle([x + 8, 20, x + 152, 500], outline=(104, 70, 44), width=6)
    draw.ellipse([680, 110, 920, 350], fill=(212, 176, 80), outline=(150, 120, 50), width=8)
    draw.ellipse([720, 150, 880, 310], fill=(230, 206, 130))
    _text(draw, (800, 230), "RIVERSIDE", 28, (110, 84, 40))
    for fx, colors in ((560, ((190, 30, 40), (245, 245, 245))), (1040, ((30, 80, 150),) * 2)):
        draw.line([fx, 120, fx, 560], fill=(200, 180, 90), width=8)
        for i in range(6):
            draw.rectangle([fx + 4, 130 + i * 22, fx + 110, 152 + i * 22], fill=colors[i % 2])
    for i in range(7):
        x = 260 + i * 180
        _silhouette(draw, x, 620, 200, rng.choice([(40, 44, 60), (70, 50, 50), (50, 70, 90)]))
        draw.ellipse([x - 17, 430, x + 17, 466], fill=(214, 178, 146))
    draw.rectangle([140, 560, 1460, 780], fill=(92, 58, 36))
    draw.rectangle([140, 560, 1460, 584], fill=(70, 44, 28))
    for i in range(7):
        draw.rectangle([215 + i * 180, 600, 305 + i * 180, 630], fill=(240, 236, 226))
    draw.rectangle([0, 780, WIDTH, HEIGHT], fill=(110, 30, 40))
    draw.polygon([(740, 780), (860, 780), (880, 960), (720, 960)], fill=(76, 48, 30))
    for x in range(40, WIDTH, 110):
        draw.ellipse([x - 40, 980, x + 40, 1080], fill=(22, 18, 20))
    return img


SCENES = {
    scene.__name__: scene
    for scene in (
        skyline_dusk, river_bridge, park_trees, school_building, fire_truck, market_stall,
        festival_lights, city_hall, water_main, bakery, library, bench_river, mural, trail,
        playground, school_bus, crosswalk, grain_elevator, garden, ferris_wheel, river_lanterns,
        theater, council_chamber,
    )
}  # fmt: skip


def draw_scene(name, *, seed):
    """The named scene as JPEG bytes, the way a photographer's camera would hand it over."""
    # Seeded on purpose: the same picture every run, nothing secret about it.
    image = SCENES[name](random.Random(seed)).convert("RGB")  # noqa: S311
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=86, optimize=True)
    return buffer.getvalue()
