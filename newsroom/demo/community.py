# Prose reads and edits best one sentence to a line, however long the sentence.
# ruff: noqa: E501
"""The neighborhood associations of the demo paper: officers, meetings and notices.

Dates are relative to the day the demo is loaded, so the calendar always has a month ahead
of it. Meetings are given in local wall-clock time ("19:00"); the loader turns them into
aware datetimes in the site's time zone, so a 7 p.m. meeting stays at 7 p.m. on both sides of
a daylight-saving change. Association slugs, meeting titles and notice titles are the keys
`load_demo` looks things up by, so they must stay stable between releases.
"""

from calendar import MONDAY, SATURDAY, SUNDAY, THURSDAY, TUESDAY, WEDNESDAY

# Each association holds its regular meeting on the `week`-th `weekday` of the month at
# `time`; the loader schedules every one of them in the coming five weeks. Officers'
# `elected` is how many years ago their term began (every association here elects in
# January), and `term_years` how long a term runs.
ASSOCIATIONS = [
    {
        "slug": "old-mill-depot-square-neighbors",
        "name": "Old Mill & Depot Square Neighbors",
        "neighborhoods": ["old-mill", "depot-square"],
        "mission": (
            "We speak for the people who live and work in Riverside's two oldest neighborhoods, from the mill race to the rail spur. "
            "We push for sidewalks you can walk on, old buildings that stay standing and a downtown that still has room for families. "
            "Anyone who lives, rents or runs a business here is a member; there are no dues."
        ),
        "website": "https://oldmill-depot.example.org/",
        "email": "board@oldmill-depot.example.org",
        "phone": "563-555-0142",
        "meeting_place": "The Depot, upstairs community room",
        "meeting_schedule": "Second Tuesday of the month, 7 p.m.",
        "regular_meeting": {
            "title": "Old Mill & Depot Square monthly meeting",
            "week": 2,
            "weekday": TUESDAY,
            "time": "19:00",
            "minutes": 90,
            "description": (
                "Open to everyone who lives or works in the Old Mill District and Depot Square. "
                "Reports from the officers, the farmers market and the police liaison, then new business and neighbors' concerns. "
                "The Depot's elevator is on the Grain Street side."
            ),
        },
        "term_years": 2,
        "officers": [
            {
                "name": "Lorraine Castellanos",
                "role": "President",
                "elected": 1,
                "email": "lorraine@oldmill-depot.example.org",
            },
            {"name": "Kevin Thao", "role": "Administrative Vice President", "elected": 0},
            {"name": "Ahmed Haddad", "role": "Vice President", "elected": 1},
            {"name": "Bridget O'Malley", "role": "Secretary", "elected": 0},
            {
                "name": "Raymond Sorensen",
                "role": "Treasurer",
                "elected": 1,
                "phone": "563-555-0147",
            },
        ],
    },
    {
        "slug": "eastbank-neighbors",
        "name": "Eastbank Neighbors Association",
        "neighborhoods": ["eastbank"],
        "mission": (
            "Eastbank Neighbors looks after the small houses, big gardens and long riverfront on our side of the Tamarack. "
            "We run the community garden, keep an eye on the trail and make sure City Hall remembers there is a town across the bridge."
        ),
        "website": "https://eastbank.example.org/",
        "email": "hello@eastbank.example.org",
        "phone": "563-555-0163",
        "meeting_place": "Eastbank Branch Library, meeting room",
        "meeting_schedule": "First Wednesday of the month, 7 p.m.",
        "regular_meeting": {
            "title": "Eastbank Neighbors monthly meeting",
            "week": 1,
            "weekday": WEDNESDAY,
            "time": "19:00",
            "minutes": 90,
            "description": (
                "Garden committee, trail report and an update on the Front Street Bridge closure, then open floor. "
                "Coffee and something from Flour & Ember on the back table."
            ),
        },
        "term_years": 1,
        "officers": [
            {
                "name": "Mei-Ling Ostrander",
                "role": "President",
                "elected": 0,
                "email": "president@eastbank.example.org",
                "phone": "563-555-0164",
            },
            {"name": "Curtis Bell", "role": "Vice President", "elected": 0},
            {"name": "Hannah Jorgensen", "role": "Secretary", "elected": 0},
            {"name": "Luis Ortega", "role": "Treasurer", "elected": 0},
        ],
    },
    {
        "slug": "cedar-flats-neighborhood-association",
        "name": "Cedar Flats Neighborhood Association",
        "neighborhoods": ["cedar-flats"],
        "mission": (
            "The Cedar Flats Neighborhood Association brings together the families of Riverside's low ground by the river. "
            "We raised the money for the new playground, we keep the flood phone tree current and we meet every month to decide what comes next."
        ),
        "website": "https://cedarflats.example.org/",
        "email": "cfna@cedarflats.example.org",
        "phone": "563-555-0118",
        "meeting_place": "Cedar Flats Park shelter house",
        "meeting_schedule": "Third Thursday of the month, 7 p.m.",
        "regular_meeting": {
            "title": "Cedar Flats monthly meeting",
            "week": 3,
            "weekday": THURSDAY,
            "time": "19:00",
            "minutes": 90,
            "description": (
                "Officers' reports, the parks district's plans for the ball fields and a check of the flood phone tree. "
                "Children are welcome; there are crayons."
            ),
        },
        "term_years": 2,
        "officers": [
            {
                "name": "Tasha Greene",
                "role": "President",
                "elected": 1,
                "email": "tasha.greene@cedarflats.example.org",
            },
            {"name": "Yolanda Ruiz", "role": "Administrative Vice President", "elected": 0},
            {"name": "Deshawn Porter", "role": "Vice President", "elected": 1},
            {"name": "Gene Halvorsen", "role": "Secretary", "elected": 0},
            {"name": "Amira Said", "role": "Treasurer", "elected": 1},
        ],
    },
    {
        "slug": "lantern-hill-civic-association",
        "name": "Lantern Hill Civic Association",
        "neighborhoods": ["lantern-hill"],
        "mission": (
            "The Lantern Hill Civic Association has spoken for the bluff since 1962. "
            "We care about safe walks to Lantern Hill Elementary, the upkeep of our steep old streets and a festival that stays a neighborhood party."
        ),
        "website": "https://lanternhill.example.org/",
        "email": "civic@lanternhill.example.org",
        "phone": "563-555-0175",
        "meeting_place": "Lantern Hill Elementary School library",
        "meeting_schedule": "Fourth Monday of the month, 7 p.m.",
        "regular_meeting": {
            "title": "Lantern Hill Civic Association meeting",
            "week": 4,
            "weekday": MONDAY,
            "time": "19:00",
            "minutes": 90,
            "description": (
                "Reports from the officers and the festival committee, the water tower repainting schedule and neighbors' concerns. "
                "Use the school's front doors on Summit Street."
            ),
        },
        "term_years": 1,
        "officers": [
            {
                "name": "Frances Whitaker",
                "role": "President",
                "elected": 0,
                "email": "frances@lanternhill.example.org",
            },
            {"name": "Sunil Rao", "role": "Vice President", "elected": 0},
            {"name": "Gloria Petrakis", "role": "Secretary", "elected": 0},
            {"name": "Tom Brekke", "role": "Treasurer", "elected": 0},
        ],
    },
    {
        "slug": "northgate-residents-association",
        "name": "Northgate Residents Association",
        "neighborhoods": ["northgate"],
        "mission": (
            "Northgate is Riverside's newest neighborhood, and the Residents Association makes sure it grows up as a neighborhood and not just a stretch of County Road 9. "
            "Our priorities are safe crossings for students, sidewalks that connect and a say in what gets built next."
        ),
        "website": "https://northgate.example.org/",
        "email": "info@northgate.example.org",
        "phone": "563-555-0189",
        "meeting_place": "Riverside High School, Room 114 (east doors)",
        "meeting_schedule": "Second Thursday of the month, 7 p.m.",
        "regular_meeting": {
            "title": "Northgate Residents Association meeting",
            "week": 2,
            "weekday": THURSDAY,
            "time": "19:00",
            "minutes": 90,
            "description": (
                "Update on the Aspen Lane crossing petition, the zoning request on County Road 9 and sidewalk gaps, then open floor."
            ),
        },
        "term_years": 2,
        "officers": [
            {
                "name": "Angela Marsh",
                "role": "President",
                "elected": 1,
                "email": "angela.marsh@northgate.example.org",
                "phone": "563-555-0190",
            },
            {"name": "Derek Nguyen", "role": "Administrative Vice President", "elected": 0},
            {"name": "Kristin Lund", "role": "Vice President", "elected": 1},
            {"name": "Omar Farah", "role": "Secretary", "elected": 0},
            {"name": "Beth Lindgren", "role": "Treasurer", "elected": 1},
        ],
    },
]

# Meetings that happen once. `days` is how far from the load day (negative: in the past);
# with `weekday`, an upcoming meeting moves forward and a past one back to that weekday.
# `submitted_by` makes it a community submission still waiting for approval.
MEETINGS = [
    {
        "association": "old-mill-depot-square-neighbors",
        "title": "City Council candidates' forum",
        "days": 3,
        "weekday": THURSDAY,
        "time": "19:00",
        "minutes": 90,
        "place": "The Depot, main hall",
        "description": (
            "All five candidates for the two open seats on the City Council have agreed to attend. "
            "Each gets two minutes to open, then questions from the floor and on cards. "
            "Co-hosted with the League of Women Voters of Tamarack County."
        ),
    },
    {
        "association": "old-mill-depot-square-neighbors",
        "title": "Meet the new police liaison officer",
        "days": -2,
        "weekday": TUESDAY,
        "time": "18:30",
        "minutes": 60,
        "place": "The Depot, upstairs community room",
        "description": "Officer Renee Albrecht, the department's new liaison for downtown, introduces herself and takes questions.",
    },
    {
        "association": "eastbank-neighbors",
        "title": "Riverfront trail walk with the parks district",
        "days": 9,
        "weekday": SATURDAY,
        "time": "10:00",
        "minutes": 90,
        "place": "Eastbank boat launch",
        "description": (
            "Walk the trail from the boat launch to the Highway 14 bridge with the parks district's planner and point out what needs fixing: "
            "the washout below Birch Street, the dark stretch by the pump house, the benches that have seen better days."
        ),
    },
    {
        "association": "eastbank-neighbors",
        "title": "Front Street Bridge closure: questions for the city engineer",
        "days": -5,
        "weekday": THURSDAY,
        "time": "18:30",
        "minutes": 90,
        "place": "Eastbank Branch Library, meeting room",
        "description": "City Engineer Paula Drexler explains the closure schedule, the temporary walkway and the detour, and answers questions.",
        "agenda_url": "https://eastbank.example.org/agendas/bridge-closure",
    },
    {
        "association": "cedar-flats-neighborhood-association",
        "title": "Cedar Flats Park cleanup",
        "days": 2,
        "weekday": SATURDAY,
        "time": "09:00",
        "minutes": 180,
        "place": "Cedar Flats Park, main shelter",
        "description": (
            "Bring gloves if you have them; bags, grabbers and coffee are provided. "
            "We will clear the river path, weed the playground beds and pick up along the levee road. "
            "Volunteers under 16 need a grown-up along."
        ),
    },
    {
        "association": "cedar-flats-neighborhood-association",
        "title": "Flood preparedness night",
        "days": -8,
        "weekday": MONDAY,
        "time": "18:30",
        "minutes": 90,
        "place": "Cedar Flats Park shelter house",
        "description": "The fire department and the county emergency manager on sandbags, sump pumps, flood insurance and the phone tree.",
    },
    {
        "association": "lantern-hill-civic-association",
        "title": "Walk-to-school safety audit",
        "days": 5,
        "weekday": WEDNESDAY,
        "time": "07:30",
        "minutes": 60,
        "place": "Lantern Hill Elementary, front doors on Summit Street",
        "description": (
            "Walk the routes children take to Lantern Hill Elementary with the principal and a city traffic engineer, clipboard in hand. "
            "We are looking for missing curb ramps, blind corners and the places drivers do not stop."
        ),
    },
    {
        "association": "northgate-residents-association",
        "title": "Zoning hearing: self-storage buildings on County Road 9",
        "days": 10,
        "weekday": MONDAY,
        "time": "18:00",
        "minutes": 120,
        "place": "City Hall, council chambers",
        "description": (
            "The Riverside Planning Commission holds a public hearing on a request to rezone 4.2 acres at County Road 9 and Aspen Lane from residential to commercial, for three self-storage buildings. "
            "The association's board will speak; any resident may speak for three minutes. "
            "Sign up at the door."
        ),
        "agenda_url": "https://example.org/riverside/planning-commission/agenda",
    },
    {
        "association": "northgate-residents-association",
        "title": "Traffic safety meeting with the county engineer",
        "days": 4,
        "weekday": WEDNESDAY,
        "time": "19:00",
        "minutes": 90,
        "place": "Riverside High School, Room 114 (east doors)",
        "description": (
            "The county engineer cannot attend. "
            "We will set a new date once the county's traffic count on County Road 9 is finished."
        ),
        # Kept on the calendar, marked cancelled, so subscribers see it called off.
        "cancelled": True,
    },
    {
        "association": "eastbank-neighbors",
        "title": "Porch concert on Riverview Avenue",
        "days": 12,
        "weekday": SUNDAY,
        "time": "16:00",
        "minutes": 120,
        "place": "1400 block of Riverview Avenue",
        "description": (
            "Three bands on three porches, one block closed to cars. "
            "Bring a lawn chair and something to share for the potluck."
        ),
        "submitted_by": ("Sam Okafor", "sam.okafor@example.org"),
    },
]

# Letters and announcements, `days_ago` before the load day. Blank lines separate paragraphs.
NOTICES = [
    {
        "association": "old-mill-depot-square-neighbors",
        "title": "Send us your questions for the candidates",
        "days_ago": 4,
        "body": """The candidates' forum at the Depot is on Thursday, and we want the questions to come from you.

Drop a card in the box at Flour & Ember or the farmers market info table, or email board@oldmill-depot.example.org by noon the day before. We will group similar questions so every candidate answers the same ones.""",
    },
    {
        "association": "old-mill-depot-square-neighbors",
        "title": "Our letter to the Planning Commission on the grain elevator",
        "days_ago": 21,
        "body": """The board voted unanimously to support turning the Riverside Co-op elevator into apartments, on one condition: that the plan solve its own parking instead of pushing 40 more cars onto Grain Street on market days.

We have asked the commission to require shared parking with the Depot lot and a loading zone that keeps the market's vendor trucks off the sidewalk. The full letter is posted on our website.""",
    },
    {
        "association": "old-mill-depot-square-neighbors",
        "title": "Thank you, Mill Street brick crew",
        "days_ago": 37,
        "body": "Eleven volunteers spent two Saturdays resetting the heaved bricks in front of the old mill. Nobody has tripped there since. Thank you, and thank you to Sorensen's for the loan of the plate compactor.",
    },
    {
        "association": "eastbank-neighbors",
        "title": "An open letter on the bridge closure",
        "days_ago": 8,
        "body": """To the City Council: we accept that the Front Street Bridge needs a new deck. We ask three things while it is closed.

Keep the temporary walkway open at night, with lights. Put signs on Highway 14 telling drivers that Eastbank's shops are open. And schedule the three weeks of full closure outside the school year.

We will bring this letter to the council's next meeting and would welcome neighbors who want to stand with us.""",
    },
    {
        "association": "eastbank-neighbors",
        "title": "Community garden plots for next season",
        "days_ago": 2,
        "body": """The waiting list for plots at the Eastbank Community Garden is open. Plots are $20 a season, and the fee is waived for anyone who asks.

Returning gardeners keep their plots if they sign up by the end of the month. Sign up at the library desk or by email.""",
    },
    {
        "association": "cedar-flats-neighborhood-association",
        "title": "Park cleanup on Saturday: what to bring",
        "days_ago": 1,
        "body": "Gloves, water and sturdy shoes. We have bags, grabbers, coffee and doughnuts. If it rains, we meet at the shelter and decide together.",
    },
    {
        "association": "cedar-flats-neighborhood-association",
        "title": "Flood kits at the shelter house",
        "days_ago": 11,
        "body": """Thank you to everyone who came to flood preparedness night. We have 40 flood kits left: a flashlight, a battery radio, a whistle and a waterproof pouch for papers.

They are free to Cedar Flats households. Pick one up at any monthly meeting, or call 563-555-0118 and a neighbor will bring it to you.""",
    },
    {
        "association": "cedar-flats-neighborhood-association",
        "title": "A thank-you from the playground committee",
        "days_ago": 29,
        "body": """Five years, 62 bake sales and one very long raffle later, the playground is open. Every family that bought a cookie helped build it.

The committee is now the parks committee. Its first job is shade: the new swings face west, and in the afternoon they are hot.""",
    },
    {
        "association": "lantern-hill-civic-association",
        "title": "Water tower repainting: what to expect",
        "days_ago": 9,
        "body": """The city will repaint the Lantern Hill water tower over about six weeks once the contract is signed. The tower will be wrapped in white containment sheeting, and contractors will park on Summit Street during the day.

Water service will not be interrupted. Questions go to the city's public works office; the association will pass on anything it hears.""",
    },
    {
        "association": "lantern-hill-civic-association",
        "title": "Crossing guards wanted at Summit and Third",
        "days_ago": 16,
        "body": "The school district is short two crossing guards for Lantern Hill Elementary. The job is 45 minutes in the morning and 45 in the afternoon, paid, with training. Retirees and parents with flexible hours are especially welcome to apply at the district office.",
    },
    {
        "association": "northgate-residents-association",
        "title": "Traffic safety meeting is cancelled",
        "days_ago": 1,
        "body": """The traffic safety meeting with the county engineer is cancelled; he cannot attend. We would rather wait for him than meet without the person who decides.

We will announce a new date once the county's traffic count on County Road 9 is finished. The monthly meeting goes ahead as usual.""",
    },
    {
        "association": "northgate-residents-association",
        "title": "Where the Aspen Lane crossing petition stands",
        "days_ago": 7,
        "body": """The city engineer has forwarded our petition to Tamarack County with a recommendation for a flashing beacon at County Road 9 and Aspen Lane. A full signal would need a county traffic study, which we have asked for.

Thank you to the 380 neighbors who signed and the parents who stood at the corner for a month counting near-misses.""",
    },
]

# A notice a resident sent through the public form, not yet approved.
PENDING_NOTICES = [
    {
        "association": "lantern-hill-civic-association",
        "title": "Festival volunteers' thank-you potluck",
        "days_ago": 0,
        "body": """Everyone who helped with the Lantern Festival, from the lantern folders to the canoe crew, is invited to a potluck in the Lantern Hill Elementary gym next Sunday at 5 p.m.

Bring a dish if you can; come anyway if you cannot.""",
        "submitted_by": ("Priya Natarajan", "priya.natarajan@example.org"),
    },
]
