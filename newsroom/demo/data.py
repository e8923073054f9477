# Prose reads and edits best one sentence to a line, however long the sentence.
# ruff: noqa: E501
"""The people, places and pictures of the demo paper, The Riverside Ledger.

Riverside is a fictional river town in the upper Midwest, on the equally fictional Tamarack
River. Everyone and everything here is invented; any resemblance is a coincidence. Slugs are
the keys `load_demo` looks things up by, so they must stay stable between releases.
"""

from decimal import Decimal

SECTIONS = [
    {
        "slug": "city-hall",
        "name": "City Hall",
        "description": "The city council, the budget and the people who spend it.",
    },
    {
        "slug": "public-safety",
        "name": "Public Safety",
        "description": "Fire, police, floods and the crews who answer the call.",
    },
    {
        "slug": "schools",
        "name": "Schools",
        "description": "Riverside Community Schools, from the school board to the bus stop.",
    },
    {
        # Not "Neighborhoods": the site's navigation already links the neighborhood directory.
        "slug": "around-town",
        "name": "Around Town",
        "description": "What is happening on your block, from Northgate to Cedar Flats.",
    },
    {
        "slug": "business",
        "name": "Business",
        "description": "Openings, closings and the people who keep Main Street going.",
    },
    {
        "slug": "arts-culture",
        "name": "Arts & Culture",
        "description": "Stages, galleries, festivals and the library's back room.",
    },
    {
        "slug": "opinion",
        "name": "Opinion",
        "description": "Editorials, columns and letters from readers.",
    },
    {
        "slug": "obituaries",
        "name": "Obituaries",
        "description": "Remembering the neighbors we have lost.",
    },
]

AUTHORS = [
    {
        "slug": "marisol-vega",
        "coverage": "The newsroom, corrections and reader questions",
        "email": "marisol.vega@riversideledger.example",
        "name": "Marisol Vega",
        "title": "Managing Editor",
        "bio": (
            "Marisol Vega has edited the Ledger since 2019. Before that she covered "
            "county government for a daily downriver. She lives in Lantern Hill."
        ),
    },
    {
        "slug": "ben-kowalczyk",
        "coverage": "City Hall, the budget, elections",
        "email": "ben.kowalczyk@riversideledger.example",
        "name": "Ben Kowalczyk",
        "title": "Staff Reporter",
        "bio": (
            "Ben Kowalczyk covers City Hall, the budget and anything with a public meeting "
            "attached. Tips welcome; he reads every one."
        ),
    },
    {
        "slug": "denise-harlan",
        "coverage": "Schools, police and fire",
        "email": "denise.harlan@riversideledger.example",
        "name": "Denise Harlan",
        "title": "Staff Reporter",
        "bio": (
            "Denise Harlan covers schools and public safety. A Riverside High graduate, she "
            "came home after eight years at papers in Iowa and Wisconsin."
        ),
    },
    {
        "slug": "theo-lindqvist",
        "coverage": "Photography",
        "email": "theo.lindqvist@riversideledger.example",
        "name": "Theo Lindqvist",
        "title": "Photographer",
        "bio": (
            "Theo Lindqvist is the Ledger's photographer. If something happened in Riverside "
            "in the last decade, he probably has a picture of it."
        ),
    },
    {
        "slug": "ruth-abernathy",
        "coverage": "Town life (column)",
        "email": "ruth.abernathy@riversideledger.example",
        "name": "Ruth Abernathy",
        "title": "Columnist",
        "bio": (
            "Ruth Abernathy taught English at Riverside High for 31 years. Her column on "
            "town life appears every other week."
        ),
    },
    {
        "slug": "jamal-whitfield",
        "coverage": "Music, theater and food",
        "email": "jamal.whitfield@riversideledger.example",
        "name": "Jamal Whitfield",
        "title": "Contributor",
        "bio": (
            "Jamal Whitfield writes about music, theater and food for the Ledger. He runs "
            "the open mic at the Depot on first Fridays."
        ),
    },
    {
        "slug": "ledger-staff",
        "coverage": "Briefs and announcements",
        "email": "newsroom@riversideledger.example",
        "name": "Ledger Staff",
        "title": "The Riverside Ledger",
        "bio": "Short items and announcements written by the newsroom.",
    },
    {
        "slug": "gloria-petrakis",
        "name": "Gloria Petrakis",
        "title": "Reader, Lantern Hill",
        "bio": "A reader who wrote to the editor.",
    },
    {
        "slug": "walt-okonkwo",
        "name": "Walt Okonkwo",
        "title": "Reader, Cedar Flats",
        "bio": "A reader who wrote to the editor.",
    },
    {
        "slug": "tamarack-credit-union",
        "name": "Tamarack Credit Union",
        "title": "Sponsored content",
        "bio": "Paid content from an advertiser. The newsroom did not write or edit it.",
    },
]

# The town map. Riverside sits on the west bank of the Tamarack, which runs north-south
# through town; Eastbank is across the water. Corners two neighborhoods share are named once
# and used by both, so their borders coincide exactly and the polygons tile the town without
# overlapping. Eastbank's west edge is the west bank moved 0.0025 degrees east (about 200 m),
# so the river shows on the directory map as the gap between them. Positions are GeoJSON's
# [longitude, latitude].
_WEST_BANK = {
    "north": [-91.1960, 43.8280],
    "landing": [-91.1975, 43.8200],
    "mill-race": [-91.1990, 43.8140],
    "mill-bend": [-91.2010, 43.8085],
    "front-street": [-91.2005, 43.8040],
    "depot-bend": [-91.1995, 43.7990],
    "spur": [-91.2015, 43.7960],
    "cedar-bend": [-91.2040, 43.7890],
    "south": [-91.2060, 43.7820],
}
_RIVER_WIDTH = 0.0025
_EAST_BANK = {name: [round(lon + _RIVER_WIDTH, 6), lat] for name, (lon, lat) in _WEST_BANK.items()}
_CORNERS = {
    # Northgate's south edge, from the river west to the town line.
    "mill-north": [-91.2090, 43.8130],
    "bluff-north": [-91.2200, 43.8140],
    "town-northwest": [-91.2330, 43.8125],
    # Lantern Hill's east edge, the foot of the bluff.
    "mill-west": [-91.2095, 43.8085],
    "depot-north": [-91.2070, 43.8040],
    "depot-west": [-91.2100, 43.8000],
    "flats-north": [-91.2080, 43.7955],
    # Cedar Flats' north edge, the old levee road.
    "levee": [-91.2190, 43.7930],
    "town-west": [-91.2340, 43.7950],
}


def _polygon(*positions):
    """A GeoJSON Polygon from corners in order; the ring is closed here, never by hand."""
    ring = [list(position) for position in positions]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


W, E, C = _WEST_BANK, _EAST_BANK, _CORNERS

NEIGHBORHOODS = [
    {
        "slug": "old-mill",
        "name": "Old Mill District",
        "description": (
            "Riverside's oldest streets: cobblestones, brick storefronts and the flour mill "
            "that gave the town its start in 1856."
        ),
        "boundary": _polygon(
            C["mill-north"],
            W["mill-race"],
            W["mill-bend"],
            W["front-street"],
            C["depot-north"],
            C["mill-west"],
        ),
        "center_latitude": Decimal("43.808600"),
        "center_longitude": Decimal("-91.205200"),
    },
    {
        "slug": "depot-square",
        "name": "Depot Square",
        "description": (
            "The old rail yard, now the farmers market, the Depot theater and the grain "
            "elevator everybody hopes to save."
        ),
        "boundary": _polygon(
            C["depot-north"],
            W["front-street"],
            W["depot-bend"],
            W["spur"],
            C["flats-north"],
            C["depot-west"],
        ),
        "center_latitude": Decimal("43.800000"),
        "center_longitude": Decimal("-91.204500"),
    },
    {
        "slug": "eastbank",
        "name": "Eastbank",
        "description": (
            "Across the Front Street Bridge: small houses, big gardens and the riverfront "
            "trail's best stretch."
        ),
        # From the landing south to the spur; the far bank north and south of it is farmland.
        "boundary": _polygon(
            [-91.1955, 43.8180],
            E["mill-race"],
            E["mill-bend"],
            E["front-street"],
            E["depot-bend"],
            E["spur"],
            [-91.2006, 43.7915],
            [-91.1830, 43.7900],
            [-91.1790, 43.8010],
            [-91.1810, 43.8120],
            [-91.1880, 43.8190],
        ),
        "center_latitude": Decimal("43.804500"),
        "center_longitude": Decimal("-91.188500"),
    },
    {
        "slug": "cedar-flats",
        "name": "Cedar Flats",
        "description": (
            "Low ground by the river, home to young families, Cedar Flats Park and the "
            "town's most determined flood-watchers."
        ),
        "boundary": _polygon(
            C["town-west"],
            C["levee"],
            C["flats-north"],
            W["spur"],
            W["cedar-bend"],
            W["south"],
            [-91.2150, 43.7805],
            [-91.2280, 43.7830],
            [-91.2330, 43.7880],
        ),
        "center_latitude": Decimal("43.787500"),
        "center_longitude": Decimal("-91.217000"),
    },
    {
        "slug": "lantern-hill",
        "name": "Lantern Hill",
        "description": (
            "The bluff above downtown, with Lantern Hill Elementary, the water tower and "
            "the best view of the Lantern Festival."
        ),
        "boundary": _polygon(
            C["town-northwest"],
            C["bluff-north"],
            C["mill-north"],
            C["mill-west"],
            C["depot-north"],
            C["depot-west"],
            C["flats-north"],
            C["levee"],
            C["town-west"],
            [-91.2345, 43.8040],
        ),
        "center_latitude": Decimal("43.803500"),
        "center_longitude": Decimal("-91.221500"),
    },
    {
        "slug": "northgate",
        "name": "Northgate",
        "description": (
            "Riverside's newest neighborhood, grown up along County Road 9 around the high "
            "school and the big-box stores."
        ),
        "boundary": _polygon(
            C["town-northwest"],
            [-91.2315, 43.8210],
            [-91.2300, 43.8265],
            [-91.2180, 43.8290],
            [-91.2060, 43.8285],
            W["north"],
            W["landing"],
            W["mill-race"],
            C["mill-north"],
            C["bluff-north"],
        ),
        "center_latitude": Decimal("43.821000"),
        "center_longitude": Decimal("-91.215000"),
    },
]

STAFF_CREDIT = "Theo Lindqvist / The Riverside Ledger"
CONTRIBUTOR_CREDIT = "Jamal Whitfield for The Riverside Ledger"

# key: the scene to draw and how the picture is described. `days_ago` dates the picture
# relative to the day the demo is loaded, so captions and articles agree.
PHOTOS = {
    "bridge": {
        "scene": "river_bridge",
        "caption": (
            "The Front Street Bridge, seen from the Eastbank boat launch. Its 1931 stone "
            "piers are sound, engineers say; the deck above them is not."
        ),
        "alt_text": (
            "A stone arch bridge with three spans crosses a wide blue river; two cars drive "
            "across under a sky with white clouds."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 3,
    },
    "skyline": {
        "scene": "skyline_dusk",
        "caption": "Downtown Riverside at dusk, from the Eastbank riverfront trail.",
        "alt_text": (
            "Silhouettes of downtown buildings with lit windows against an orange and purple "
            "evening sky, reflected in the river."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 12,
    },
    "park": {
        "scene": "park_trees",
        "caption": "Walkers on the main path through Cedar Flats Park on a clear afternoon.",
        "alt_text": (
            "A paved path runs between green lawns and leafy trees toward the horizon, with "
            "a bench and a lamp post beside it and people walking."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 30,
    },
    "school": {
        "scene": "school_building",
        "caption": "Riverside High School, where the school board meets in the library.",
        "alt_text": (
            "A two-story red brick school with rows of windows and a sign reading Riverside "
            "High School over the front doors; a flag flies out front."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 2,
    },
    "fire": {
        "scene": "fire_truck",
        "caption": (
            "Engine 3 outside the house on Willow Court in Cedar Flats after crews put out "
            "the fire. No one was hurt."
        ),
        "alt_text": (
            "A red fire engine with a ladder parked in front of a house with a burned hole in "
            "its roof, gray smoke rising; firefighters stand nearby and a hose lies in the street."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 3,
    },
    "market": {
        "scene": "market_stall",
        "caption": (
            "Produce from Haugen Family Farm at the Depot Square farmers market, which "
            "adds a Wednesday evening market this season."
        ),
        "alt_text": (
            "A market stall under a red and white striped awning with baskets of tomatoes, "
            "squash, apples and peppers; a vendor stands behind the table and shoppers in front."
        ),
        "credit": CONTRIBUTOR_CREDIT,
        "days_ago": 3,
    },
    "festival": {
        "scene": "festival_lights",
        "caption": "String lights and paper lanterns over Front Street during the Lantern Festival.",
        "alt_text": (
            "A crowd in silhouette under rows of glowing string lights and colored paper "
            "lanterns at night, with lit buildings behind."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 2,
    },
    "ferris-wheel": {
        "scene": "ferris_wheel",
        "caption": "The Ferris wheel in the Depot Square lot, the festival's tallest attraction.",
        "alt_text": (
            "A Ferris wheel outlined in pink, blue and yellow lights against a starry night "
            "sky, with people in silhouette at its base."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 2,
    },
    "lanterns": {
        "scene": "river_lanterns",
        "caption": (
            "Lanterns float down the Tamarack River at the end of the festival. Volunteers in "
            "canoes collect them downstream."
        ),
        "alt_text": (
            "Dozens of small glowing lanterns float on a dark river at night; three people "
            "stand on a dock watching."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 2,
    },
    "city-hall": {
        "scene": "city_hall",
        "caption": "Riverside City Hall on Court Street, built in 1912.",
        "alt_text": (
            "A pale stone building with six columns, a triangular pediment, a green dome and "
            "the words City Hall above the entrance, with wide steps in front."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 20,
    },
    "council": {
        "scene": "council_chamber",
        "caption": "The Riverside City Council in session in the chambers at City Hall.",
        "alt_text": (
            "Seven council members sit behind a long wooden dais with name plates, under the "
            "city seal and two flags; the audience is seen from behind."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 1,
    },
    "water-main": {
        "scene": "water_main",
        "caption": (
            "Water shoots from a broken 8-inch main on Grain Street in Depot Square as city "
            "crews wait for the valves to be closed."
        ),
        "alt_text": (
            "A column of water sprays up from a flooded street ringed with orange traffic "
            "cones; two workers in yellow vests stand by a utility truck."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 1,
    },
    "bakery": {
        "scene": "bakery",
        "caption": (
            "Flour & Ember Bakery on Mill Street, in the building that was Sorensen Hardware "
            "for 64 years."
        ),
        "alt_text": (
            "A brick storefront with a sign reading Flour and Ember Bakery, a green and white "
            "striped awning and a window full of bread loaves; people wait outside."
        ),
        "credit": CONTRIBUTOR_CREDIT,
        "days_ago": 2,
    },
    "library": {
        "scene": "library",
        "caption": "Riverside Public Library, home of the fall reading series.",
        "alt_text": (
            "A tan brick library with arched windows, an arched wooden door and a sign "
            "reading Riverside Public Library, between two trees in autumn colors."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 26,
    },
    "bench": {
        "scene": "bench_river",
        "caption": (
            "Flowers left on the bench by the river dedicated to Hal Brennan, who cut hair on "
            "Depot Square for 51 years."
        ),
        "alt_text": (
            "A wooden bench with a brass plaque faces a river at sunset; a small bouquet of "
            "flowers lies on the seat."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 6,
    },
    "mural": {
        "scene": "mural",
        "caption": (
            "The new river history mural on the Depot Square grain elevator's loading wall, "
            "with the artist on the scaffold."
        ),
        "alt_text": (
            "A large painted mural of a river with a sailboat, waves, birds, a sun and a "
            "bridge on a concrete wall; a painter stands on scaffolding beside it."
        ),
        "credit": CONTRIBUTOR_CREDIT,
        "days_ago": 10,
    },
    "trail": {
        "scene": "trail",
        "caption": "Early riders on the riverfront trail in Eastbank, where bike patrols start.",
        "alt_text": (
            "A cyclist and a walker on a paved trail beside a river at sunrise, with trees in "
            "orange, red and yellow on the far bank."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 11,
    },
    "playground": {
        "scene": "playground",
        "caption": "Children try out the new playground at Cedar Flats Park on opening day.",
        "alt_text": (
            "A playground with a red-roofed climbing tower, a yellow slide and a swing set, "
            "with children playing on wood chips."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 31,
    },
    "bus": {
        "scene": "school_bus",
        "caption": "Students board a Riverside Community Schools bus on County Road 9.",
        "alt_text": (
            "A yellow school bus with its red stop sign out; four children wait in line beside it."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 20,
    },
    "crosswalk": {
        "scene": "crosswalk",
        "caption": (
            "The crossing at County Road 9 and Aspen Lane in Northgate, where neighbors want "
            "a signal."
        ),
        "alt_text": (
            "A pedestrian crosses a road on a striped crosswalk as a car approaches; a yellow "
            "pedestrian-crossing sign stands at the roadside."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 13,
    },
    "elevator": {
        "scene": "grain_elevator",
        "caption": "The Riverside Co-op grain elevator, empty since 2011, beside the rail spur.",
        "alt_text": (
            "Tall concrete grain silos with a headhouse reading Riverside Co-op, a red "
            "boxcar on railroad tracks in front."
        ),
        "credit": STAFF_CREDIT,
        "days_ago": 45,
    },
    "garden": {
        "scene": "garden",
        "caption": "Raised beds and sunflowers at the Eastbank Community Garden.",
        "alt_text": (
            "Rows of raised garden beds with green plants, tall sunflowers along a white "
            "picket fence and a gardener standing among the beds."
        ),
        "credit": CONTRIBUTOR_CREDIT,
        "days_ago": 5,
    },
    "theater": {
        "scene": "theater",
        "caption": (
            'Cast members rehearse "Our Town" on the stage of the old Depot, Riverside '
            "Community Theater's home."
        ),
        "alt_text": (
            "Two actors stand in a spotlight on a wooden stage framed by red curtains; the "
            "heads of audience members are silhouetted in front."
        ),
        "credit": "Courtesy of Riverside Community Theater",
        "days_ago": 16,
    },
}

GALLERIES = [
    {
        "slug": "lantern-festival",
        "title": "The Lantern Festival on Front Street",
        "description": "Scenes from the weekend's Lantern Festival along the riverfront.",
        "photos": ["festival", "ferris-wheel", "lanterns", "market"],
    },
    {
        "slug": "front-street-bridge",
        "title": "The Front Street Bridge and its river",
        "description": "The bridge the council voted to repair, and the views it carries.",
        "photos": ["bridge", "skyline", "trail"],
    },
]
