# Prose reads and edits best one sentence to a line, however long the sentence.
# ruff: noqa: E501
"""The articles of the demo paper: a few weeks of The Riverside Ledger.

Written for the demo; every person, business and vote is invented. `days_ago` places an
article relative to the moment the demo is loaded, so the paper always looks current. Keys
used by `load_demo`: slug (the identity), section, authors (in byline order), photo and
gallery (keys of data.PHOTOS and data.GALLERIES), neighborhoods, tags, kind, priority,
status ("draft" for unpublished work) and `days_ahead` for an article scheduled for later.
"""

ARTICLES = [
    {
        "slug": "council-approves-front-street-bridge-repair",
        "headline": "Council approves $4.1 million Front Street Bridge repair on a 5-2 vote",
        "dek": (
            "The bridge will close to cars for seven months starting in April. Eastbank "
            "business owners asked for a later start and did not get one."
        ),
        "section": "city-hall",
        "kind": "news",
        "priority": "lead",
        "days_ago": 0.1,
        "authors": ["ben-kowalczyk"],
        "photo": "bridge",
        "gallery": "front-street-bridge",
        "neighborhoods": ["old-mill", "eastbank"],
        "tags": ["front street bridge", "city council", "budget", "transportation"],
        "body": """
<p>The Riverside City Council voted 5-2 on Tuesday night to spend $4.1 million rebuilding the
deck of the Front Street Bridge, ending two years of debate over whether to patch the 1931
span again or close it and do the job properly.</p>
<p>The bridge will close to cars from April through October. A temporary walkway will keep it
open to people on foot and on bikes for all but about three weeks, when the crane work is
scheduled.</p>
<blockquote><p>"We have patched this deck eleven times since 2009. Every patch buys us a
winter. We are out of winters," said City Engineer Paula Drexler.</p></blockquote>
<p>Council members Dale Ostrowski and Janine Rudd voted no. Both represent wards east of the
river, and both said the city should wait until after the summer, when Eastbank's shops and
the riverfront trail see their busiest months.</p>
<h2>What it means for drivers</h2>
<ul>
<li>The detour uses the Highway 14 bridge, adding about six minutes to a crossing.</li>
<li>School buses for Eastbank will leave ten minutes earlier; the district will send routes in March.</li>
<li>Parking on Front Street between Mill and Water will be free during the closure.</li>
</ul>
<p>About $2.6 million of the cost comes from a state bridge grant; the rest comes from the
city's capital reserve, which Finance Director Sam Whitcomb said will still hold about
$1.9 million afterward. The full staff report is posted on the
<a href="https://example.org/riverside/council/bridge-report">city's website</a>.</p>
""",
    },
    {
        "slug": "water-main-break-floods-grain-street",
        "headline": "Water main break floods Grain Street; block closed for two days",
        "dek": (
            "A 90-year-old cast-iron main split early Monday, sending water into three "
            "basements in Depot Square. Tap water is safe, the city says."
        ),
        "section": "public-safety",
        "kind": "news",
        "priority": "top",
        "days_ago": 0.6,
        "authors": ["denise-harlan", "theo-lindqvist"],
        "photo": "water-main",
        "neighborhoods": ["depot-square"],
        "tags": ["water main", "infrastructure", "grain street"],
        "body": """
<p>An 8-inch water main broke beneath Grain Street shortly before 5 a.m. Monday, flooding the
block between Second and Third streets and pushing water into the basements of three
buildings before crews could close the valves about two hours later.</p>
<p>The block will stay closed to traffic through Wednesday while crews replace about 40 feet
of pipe and repave, said Utilities Superintendent Rob Fairchild. Businesses on the block are
open; customers can park in the Depot Square lot.</p>
<p>Residents of about 30 homes nearby had no water for much of the morning. Service was back
by noon, and the city says no boil order is needed because pressure never dropped below the
state's safety threshold.</p>
<blockquote><p>"The sound woke me up. I thought it was rain until I looked out and saw a
fountain in the middle of the street," said Carla Mendes, who lives above the hardware
store.</p></blockquote>
<p>The main was installed in 1934. It was the fourth break in Depot Square this year; an
analysis of why the old pipes keep failing is
<a href="https://example.org/riverside/why-water-mains-break">here</a>.</p>
""",
    },
    {
        "slug": "school-board-delays-start-time-vote",
        "headline": "School board delays vote on later start times after a packed meeting",
        "dek": (
            "More than 150 people came to the library at Riverside High. The board will "
            "decide in January, after a survey of every family in the district."
        ),
        "section": "schools",
        "kind": "news",
        "priority": "top",
        "days_ago": 1.1,
        "authors": ["denise-harlan"],
        "photo": "school",
        "neighborhoods": ["northgate", "lantern-hill"],
        "tags": ["school board", "start times", "riverside high"],
        "body": """
<p>The Riverside Community Schools board put off a vote Thursday on moving the high school's
first bell from 7:40 to 8:30 a.m., after nearly three hours of public comment that filled the
Riverside High library and spilled into the hallway.</p>
<p>Supporters, many of them students, cited research linking later start times to better
attendance and fewer car crashes among teenage drivers. Parents of younger children worried
about the knock-on effect: to reuse the same buses, the elementary schools would start
earlier, at 7:50.</p>
<p>Board Chair Lorraine Tuttle said the board would send a survey to every family in the
district before its January meeting. "We heard a lot of strong feelings tonight," she said.
"I'd like to hear from the families who could not get a babysitter to come and tell us."</p>
<p>Superintendent Marcus Bell said a third option, adding two bus routes so all schools could
start later, would cost about $310,000 a year.</p>
""",
    },
    {
        "slug": "flour-and-ember-bakery-opens-on-mill-street",
        "headline": "Flour & Ember bakery opens in the old Sorensen Hardware building",
        "dek": (
            "Two former restaurant cooks from Minneapolis bought the building in the spring. "
            "The line on opening day reached the corner."
        ),
        "section": "business",
        "kind": "news",
        "days_ago": 1.6,
        "authors": ["jamal-whitfield", "marisol-vega"],
        "photo": "bakery",
        "neighborhoods": ["old-mill"],
        "tags": ["small business", "food", "mill street"],
        "body": """
<p>For 64 years, the building at 214 Mill Street sold nails, paint and advice. On Saturday it
started selling sourdough, and by 8 a.m. the line reached the corner of Mill and Front.</p>
<p>Flour &amp; Ember is the work of Nadia Sorensen-Hale and her husband, Chris Hale, who
cooked in Minneapolis restaurants for a decade. Nadia's grandfather, Arne Sorensen, opened
the hardware store in 1958. The couple bought the building from the family trust in April.</p>
<blockquote><p>"We kept the old nail bins. They're the bread shelves now," Sorensen-Hale said,
pointing to the wall behind the counter.</p></blockquote>
<p>The bakery is open Wednesday through Sunday, 7 a.m. until the bread runs out. Besides the
sourdough, the menu includes cardamom buns, a rye from a recipe Arne's wife, Ingrid, brought
from Norway, and coffee roasted in Eastbank.</p>
""",
    },
    {
        "slug": "lantern-festival-draws-thousands",
        "headline": "Lantern Festival draws thousands to the riverfront despite the chill",
        "dek": (
            "Organizers counted more than 9,000 visitors over two nights, a record. The "
            "floating lanterns were made of paper and collected by canoe."
        ),
        "section": "arts-culture",
        "kind": "news",
        "priority": "top",
        "days_ago": 2.1,
        "authors": ["jamal-whitfield", "theo-lindqvist"],
        "photo": "festival",
        "gallery": "lantern-festival",
        "neighborhoods": ["depot-square", "old-mill", "lantern-hill"],
        "tags": ["lantern festival", "festivals", "riverfront"],
        "body": """
<p>The 14th Lantern Festival brought more than 9,000 people to Front Street and the Depot
Square lot over two nights, the largest crowd since the event began as a block party, according
to the Riverside Arts Council, which runs it.</p>
<p>The Ferris wheel returned after a year off, and 40 food and craft vendors lined Front Street.
The festival ended Saturday with the release of about 600 paper lanterns on the Tamarack
River, followed downstream by a dozen volunteers in canoes who fished every one of them out
before the bend at Cedar Flats.</p>
<p>"Three years ago we had a problem with lanterns ending up in people's yards," said Arts
Council director Helen Yu. "Now the canoe crew is the most popular volunteer job we have."</p>
<p>Next year's dates will be announced in the spring. The Arts Council is looking for
volunteers with their own canoes.</p>
""",
    },
    {
        "slug": "no-one-hurt-in-cedar-flats-house-fire",
        "headline": "No one hurt in Cedar Flats house fire; family dog rescued",
        "dek": (
            "Firefighters found the family's terrier under a bed. The fire started in a "
            "clothes dryer, the fire marshal says."
        ),
        "section": "public-safety",
        "kind": "news",
        "days_ago": 2.6,
        "authors": ["denise-harlan"],
        "photo": "fire",
        "neighborhoods": ["cedar-flats"],
        "tags": ["fire", "riverside fire department"],
        "body": """
<p>A fire that began in a clothes dryer badly damaged a house on Willow Court in Cedar Flats on
Sunday afternoon. The four people who live there got out on their own, and firefighters
carried out the family's dog, a 12-year-old terrier named Biscuit, a few minutes later.</p>
<p>Crews from Engine 3 and Ladder 1 arrived within five minutes of the first call at 2:14 p.m.
and had the fire out in about twenty, said Fire Chief Andre Lucero. The roof over the
laundry room and kitchen collapsed.</p>
<p>Fire Marshal Kim Sato said lint in the dryer vent was the likely cause. She urged
residents to clean vents at least once a year: "It's the most common cause of house fires
we see that nobody thinks about."</p>
<p>Neighbors have set up a collection for the family at Lantern Hill Lutheran Church.</p>
""",
    },
    {
        "slug": "column-the-bridge-vote-was-the-easy-part",
        "headline": "The bridge vote was the easy part",
        "dek": "Seven months without the Front Street Bridge will test whether we are one town or two.",
        "section": "opinion",
        "kind": "opinion",
        "days_ago": 3.1,
        "authors": ["ruth-abernathy"],
        "neighborhoods": ["eastbank"],
        "tags": ["front street bridge", "column"],
        "body": """
<p>My mother used to say Riverside was two towns held together by one bridge. She grew up in
Eastbank, married a boy from the Old Mill side and spent fifty years crossing the Front Street
Bridge twice a day. She would have had opinions about Tuesday's vote.</p>
<p>The council did the right thing. The engineers have been telling us for years that the deck
is tired, and nobody wants to be the council member who waited one winter too long.</p>
<p>But the vote was the easy part. For seven months, the shops on the Eastbank side will be six
minutes further from the rest of us, and six minutes is exactly how far most people will not
drive for a cup of coffee.</p>
<p>So here is my modest proposal: walk. The bridge stays open on foot. Cross it on a Saturday
morning, buy something you don't strictly need from a shop on the other side, and walk back.
My mother would have.</p>
""",
    },
    {
        "slug": "letter-keep-the-library-open-on-sundays",
        "headline": "Letter: Keep the library open on Sundays",
        "dek": "A reader asks the library board not to cut the only weekend hours working families can use.",
        "section": "opinion",
        "kind": "letter",
        "days_ago": 3.6,
        "authors": ["gloria-petrakis"],
        "neighborhoods": ["lantern-hill"],
        "tags": ["library", "letters"],
        "body": """
<p>To the editor:</p>
<p>I read that the library board is considering closing the Riverside Public Library on
Sundays to save about $28,000 a year. I understand the budget is tight. But Sunday afternoon
is the only time many of us who work Saturdays can bring our children.</p>
<p>On any Sunday I have been there, the children's room is full. If hours must be cut, please
look at the weekday mornings first, and please ask the families who use the library on
Sundays before deciding.</p>
<p>Gloria Petrakis<br>Lantern Hill</p>
""",
    },
    {
        "slug": "analysis-where-your-property-tax-dollar-goes",
        "headline": "Analysis: Where a Riverside property tax dollar goes",
        "dek": (
            "The city gets less of it than most people think. The schools get the most, and "
            "the county's share is growing fastest."
        ),
        "section": "city-hall",
        "kind": "analysis",
        "days_ago": 4.2,
        "authors": ["ben-kowalczyk"],
        "photo": "city-hall",
        "tags": ["property taxes", "budget", "analysis"],
        "body": """
<p>Every year, when property tax statements arrive, City Hall's phones ring. But of every
dollar a Riverside homeowner pays, the city keeps about 29 cents, according to the county
auditor's figures for this year.</p>
<h2>The breakdown</h2>
<ul>
<li>Riverside Community Schools: 41 cents</li>
<li>City of Riverside: 29 cents</li>
<li>Tamarack County: 24 cents</li>
<li>Library, parks district and the regional water authority: 6 cents together</li>
</ul>
<p>The county's share has grown fastest, from 19 cents five years ago, largely because of the
new county jail and rising costs for social services. The city's share has fallen slightly
over the same period, even as its budget grew, because new construction in Northgate spread
the levy over more homes.</p>
<h2>What the council controls</h2>
<p>The council sets only the city's part. A 3 percent increase in the city levy, which the
council will debate in December, would add about $26 a year to the bill on a $220,000 home.</p>
""",
    },
    {
        "slug": "eastbank-community-garden-best-year",
        "headline": "Eastbank Community Garden has its best year, and a waiting list",
        "dek": "Gardeners gave more than 2,000 pounds of produce to the food shelf.",
        "section": "around-town",
        "kind": "news",
        "days_ago": 5.1,
        "authors": ["jamal-whitfield"],
        "photo": "garden",
        "neighborhoods": ["eastbank"],
        "tags": ["gardens", "food shelf", "volunteers"],
        "body": """
<p>The 48 plots at the Eastbank Community Garden produced enough this year that the gardeners
gave more than 2,000 pounds of vegetables to the Riverside Food Shelf, double last year's
total, said garden coordinator Sunita Rao.</p>
<p>Rao credits a new drip irrigation system, paid for by a neighborhood fundraiser, and a
rotation of volunteers who watered the shared beds during the dry weeks of July.</p>
<p>There are now 31 households on the waiting list for a plot. The garden is talking with the
city about using the empty lot next door on Orchard Street.</p>
""",
    },
    {
        "slug": "hydrant-flushing-begins-monday",
        "headline": "Hydrant flushing begins Monday on the east side",
        "dek": "Water may look rusty for a few minutes. Run the cold tap until it clears.",
        "section": "public-safety",
        "kind": "brief",
        "days_ago": 5.6,
        "authors": ["ledger-staff"],
        "neighborhoods": ["eastbank", "cedar-flats"],
        "tags": ["water", "city services"],
        "body": """
<p>City crews will flush fire hydrants in Eastbank and Cedar Flats starting Monday, working
from 8 a.m. to 4 p.m. for about two weeks. Tap water may look brown for a few minutes
afterward; it is safe, but avoid doing laundry until it runs clear. Questions go to the
utilities office at 555-0142.</p>
<p>The west side, including Lantern Hill and Northgate, is scheduled for the spring.</p>
""",
    },
    {
        "slug": "obituary-harold-hal-brennan",
        "headline": "Harold \u201cHal\u201d Brennan, 88, cut hair on Depot Square for 51 years",
        "dek": "He gave three generations their first haircut and never raised the price without apologizing.",
        "section": "obituaries",
        "kind": "obituary",
        "days_ago": 6.2,
        "authors": ["marisol-vega"],
        "photo": "bench",
        "neighborhoods": ["depot-square"],
        "tags": ["obituaries"],
        "body": """
<p>Harold "Hal" Brennan, who opened Hal's Barber Shop on Depot Square in 1962 and kept its
single chair busy until 2013, died Tuesday at Riverside Care Center. He was 88.</p>
<p>Born on a dairy farm outside town, Mr. Brennan learned to cut hair in the Army. He charged
75 cents when he opened; by the time he retired the price was $14, and customers say he
apologized every time it went up.</p>
<p>He coached Little League for 22 years and kept the scores of every game in a shelf of
notebooks behind the register. The shop's red-and-white pole hangs today in the Riverside
Historical Society.</p>
<p>He is survived by his wife of 63 years, June; three children; seven grandchildren; and two
great-grandchildren. A visitation will be held at Lantern Hill Lutheran Church. The family
asks that memorials go to the Riverside Youth Baseball Association.</p>
""",
    },
    {
        "slug": "riverside-high-robotics-team-heads-to-state",
        "headline": "Riverside High robotics team heads to state for the first time",
        "dek": "The RiverBots finished second of 38 teams at the regional meet with a robot that stacks crates.",
        "section": "schools",
        "kind": "news",
        "days_ago": 7.3,
        "authors": ["denise-harlan"],
        "neighborhoods": ["northgate"],
        "tags": ["riverside high", "robotics", "students"],
        "body": """
<p>The Riverside High robotics team, the RiverBots, will compete at the state championship
next month after finishing second of 38 teams at the regional meet in Carver Falls.</p>
<p>The team's robot, nicknamed Barge, picks up plastic crates and stacks them five high, the
task set for this year's competition. It was designed and built by 14 students over eleven
weeks in a converted storage room.</p>
<p>"Last year our robot fell over in the first round," said team captain Priya Natarajan, a
senior. "This year it fell over in the last round, which is progress."</p>
<p>The team is raising about $3,000 for travel. Donations can be dropped off at the high
school's front office.</p>
""",
    },
    {
        "slug": "sponsored-first-time-homebuyer-workshops",
        "headline": "Thinking of buying your first home? Free workshops start this month",
        "dek": "Tamarack Credit Union offers three evening sessions on budgets, mortgages and closing costs.",
        "section": "business",
        "kind": "sponsored",
        "days_ago": 8.2,
        "authors": ["tamarack-credit-union"],
        "tags": ["sponsored", "housing"],
        "body": """
<p>Buying a first home can feel like learning a new language. Tamarack Credit Union's free
workshops walk you through it in plain English, in three evening sessions at our Front Street
branch.</p>
<ul>
<li>Session one: building a budget and understanding your credit score</li>
<li>Session two: how mortgages work, and what lenders look for</li>
<li>Session three: inspections, closing costs and the first year of ownership</li>
</ul>
<p>Sessions are open to everyone, members or not. Childcare is provided. Reserve a seat at
<a href="https://example.org/tamarack-cu/workshops">our website</a> or call 555-0177.</p>
""",
    },
    {
        "slug": "council-debates-short-term-rental-rules",
        "headline": "Council debates rules for short-term rentals in the Old Mill District",
        "dek": (
            "Residents say whole blocks are becoming weekend rentals. Owners say the rentals "
            "keep old houses from falling apart."
        ),
        "section": "city-hall",
        "kind": "news",
        "days_ago": 9.1,
        "authors": ["ben-kowalczyk"],
        "photo": "council",
        "neighborhoods": ["old-mill"],
        "tags": ["city council", "housing", "short-term rentals"],
        "body": """
<p>The Riverside City Council heard its first reading Tuesday of rules that would require a
city license for short-term rentals and cap them at one in five houses on any block in the
Old Mill District.</p>
<p>The city counts 62 short-term rentals, 41 of them in the Old Mill District. On Water Street,
six of the nine houses on one block are rented by the night.</p>
<p>"On a Tuesday in February, my street is dark," said Water Street resident Tom Greaves.
"There's nobody to shovel, nobody to notice if something's wrong."</p>
<p>Rental owner Beth Lindahl told the council that income from her two rentals paid for new
roofs and foundation work on houses built in the 1880s. "Some of these houses would have come
down," she said.</p>
<p>A second reading and a vote are scheduled for next month.</p>
""",
    },
    {
        "slug": "river-history-mural-unveiled-at-depot-square",
        "headline": "A mural of the river's history goes up on the grain elevator",
        "dek": "Artist Lena Marquez spent six weeks on a scaffold painting 170 years of the Tamarack.",
        "section": "arts-culture",
        "kind": "news",
        "days_ago": 10.2,
        "authors": ["jamal-whitfield"],
        "photo": "mural",
        "neighborhoods": ["depot-square"],
        "tags": ["public art", "murals", "grain elevator"],
        "body": """
<p>The blank concrete loading wall of the Riverside Co-op grain elevator, for years a target
for spray paint, is now the largest painting in the county: a 60-foot mural of the Tamarack
River by Riverside native Lena Marquez.</p>
<p>Read from left to right, it moves from the first sawmill through the flour boats and the
1965 flood to today's kayakers and the Front Street Bridge. Marquez painted it over six weeks
from a rented scaffold, often with an audience of children from the farmers market.</p>
<p>The $38,000 project was paid for by the Arts Council, a state arts grant and 212
individual donors, whose names are painted, very small, in the river's ripples.</p>
""",
    },
    {
        "slug": "police-add-bike-patrol-on-riverfront-trail",
        "headline": "Police add a bike patrol on the riverfront trail",
        "dek": "Two officers will ride the trail on weekends after complaints about speeding e-bikes.",
        "section": "public-safety",
        "kind": "news",
        "days_ago": 11.3,
        "authors": ["denise-harlan"],
        "photo": "trail",
        "neighborhoods": ["eastbank", "cedar-flats"],
        "tags": ["police", "riverfront trail", "bikes"],
        "body": """
<p>The Riverside Police Department will put two officers on bicycles on the riverfront trail
on weekends, Chief Dana Moreau told the council's public safety committee Monday.</p>
<p>The department received 27 complaints this year about electric bikes passing walkers at
high speed on the trail's narrow Eastbank stretch. Two people, both over 70, were injured in
falls this summer.</p>
<p>"Mostly this is about being there and having a conversation," Moreau said. Officers will
hand out trail etiquette cards before they write any tickets, she said. The bikes cost $4,800
and were paid for from a state traffic safety grant.</p>
""",
    },
    {
        "slug": "lantern-hill-elementary-book-fair",
        "headline": "Lantern Hill Elementary book fair raises $4,200 for classroom libraries",
        "dek": "Every classroom will get about $175 to spend on books the students choose.",
        "section": "schools",
        "kind": "brief",
        "days_ago": 12.1,
        "authors": ["ledger-staff"],
        "neighborhoods": ["lantern-hill"],
        "tags": ["lantern hill elementary", "books"],
        "body": """
<p>The Lantern Hill Elementary PTA's book fair raised $4,200, the most in the school's
history. The money will be split among the school's 24 classrooms, and students in each
room will vote on which books to buy.</p>
<p>The PTA thanked the 31 parent volunteers who ran the checkout tables over three days.</p>
""",
    },
    {
        "slug": "northgate-residents-ask-for-crosswalk-signal",
        "headline": "Northgate residents ask for a signal at County Road 9 after near-misses",
        "dek": "Neighbors counted 41 close calls in a month at the crossing children use to reach the high school.",
        "section": "around-town",
        "kind": "news",
        "days_ago": 13.2,
        "authors": ["ben-kowalczyk"],
        "photo": "crosswalk",
        "neighborhoods": ["northgate"],
        "tags": ["traffic safety", "county road 9", "crosswalks"],
        "body": """
<p>Residents of the Aspen Lane area in Northgate brought a petition with 380 signatures to City
Hall on Monday asking for a pedestrian signal where Aspen Lane crosses County Road 9.</p>
<p>Dozens of students cross there on foot every morning to reach Riverside High. Parent
volunteers who watched the crossing for a month counted 41 times a driver failed to stop for
someone in the crosswalk.</p>
<p>County Road 9 belongs to Tamarack County, not the city. City Engineer Paula Drexler said she
would forward the petition with a recommendation for a flashing beacon, which costs about
$60,000 and could be installed within a year. A full traffic signal would need a county study.</p>
""",
    },
    {
        "slug": "editorial-publish-the-budget-in-plain-language",
        "headline": "Editorial: Publish the budget in plain language",
        "dek": "The city's 214-page budget is public. That is not the same as understandable.",
        "section": "opinion",
        "kind": "opinion",
        "days_ago": 14.1,
        "authors": ["marisol-vega"],
        "tags": ["budget", "editorial", "open government"],
        "body": """
<p>Riverside's budget for next year runs 214 pages. It is posted on the city's website, as the
law requires. We read all of it, which is our job. We doubt many residents have, and we do not
blame them.</p>
<p>Other cities our size publish a two-page summary alongside the full document: where the
money comes from, where it goes, what changed from last year and why. It costs a few days of
staff time. It would save the council many hours of answering the same questions at public
hearings.</p>
<p>We ask the council to direct the finance department to publish such a summary with the
draft budget in November. A budget residents can understand is a budget they can argue with,
and that is the point of publishing it at all.</p>
""",
    },
    {
        "slug": "farmers-market-adds-wednesday-evenings",
        "headline": "Depot Square farmers market adds Wednesday evening hours",
        "dek": "The market will run 4 to 7 p.m. midweek, aimed at people who work Saturdays.",
        "section": "business",
        "kind": "news",
        "days_ago": 15.2,
        "authors": ["jamal-whitfield"],
        "photo": "market",
        "neighborhoods": ["depot-square"],
        "tags": ["farmers market", "food", "small business"],
        "body": """
<p>The Depot Square farmers market will open on Wednesday evenings from 4 to 7 p.m. in
addition to its Saturday mornings, the market board announced.</p>
<p>Market manager Ellen Haugen, whose family has sold vegetables there for three generations,
said a survey found that about a third of shoppers who had stopped coming worked on
Saturdays. Fourteen vendors have signed up for the evening market so far.</p>
<p>The market accepts SNAP benefits and doubles them, up to $20 per visit, for fruits and
vegetables.</p>
""",
    },
    {
        "slug": "community-theater-stages-our-town",
        "headline": "Community theater brings \u201cOur Town\u201d to the old Depot",
        "dek": "The cast of 23 ranges in age from 9 to 81. Performances run three weekends.",
        "section": "arts-culture",
        "kind": "news",
        "days_ago": 16.3,
        "authors": ["jamal-whitfield"],
        "photo": "theater",
        "neighborhoods": ["depot-square"],
        "tags": ["theater", "the depot"],
        "body": """
<p>Riverside Community Theater opens Thornton Wilder's "Our Town" on Friday in the old rail
depot, a play about a small town that director Grace Oyelaran says she chose "because we are
one."</p>
<p>The cast of 23 includes a retired judge as the Stage Manager and three generations of the
Halvorsen family. Sets were built from salvaged lumber from the Co-op's old scale house.</p>
<p>Performances are Fridays and Saturdays at 7:30 p.m. and Sundays at 2 p.m. for three
weekends. Tickets are $12, $6 for students, and pay-what-you-can on Sundays.</p>
""",
    },
    {
        "slug": "council-meeting-moved-to-wednesday",
        "headline": "Next council meeting moves to Wednesday",
        "dek": "City Hall's chambers are a polling place on Tuesday.",
        "section": "city-hall",
        "kind": "brief",
        "days_ago": 18.1,
        "authors": ["ledger-staff"],
        "tags": ["city council"],
        "body": """
<p>The Riverside City Council's next regular meeting will be held Wednesday at 6:30 p.m.
instead of Tuesday, because the council chambers will serve as a polling place. The agenda
will be posted Friday at City Hall and online.</p>
<p>Public comment is taken at the start of every meeting; sign-up sheets are at the door.</p>
""",
    },
    {
        "slug": "analysis-why-water-mains-keep-breaking",
        "headline": "Analysis: Why Riverside's water mains keep breaking",
        "dek": (
            "A third of the city's pipes are older than the people who would pay to replace "
            "them. At today's pace, replacing them all would take 140 years."
        ),
        "section": "public-safety",
        "kind": "analysis",
        "days_ago": 19.2,
        "authors": ["ben-kowalczyk", "denise-harlan"],
        "neighborhoods": ["depot-square", "old-mill"],
        "tags": ["water main", "infrastructure", "analysis"],
        "body": """
<p>Riverside has about 71 miles of water main. According to the utilities department's own
inventory, 24 miles are cast iron laid before 1950, most of it under Depot Square and the Old
Mill District.</p>
<p>Those old pipes account for nearly all of the city's breaks: 19 of the 22 in the last two
years. Cast iron grows brittle with age, and freeze-and-thaw cycles shift the soil around it.</p>
<h2>The math</h2>
<p>The city replaces about a sixth of a mile of main a year, at roughly $1.2 million per mile.
At that pace, replacing all of the pre-1950 pipe would take about 140 years.</p>
<p>Doubling the pace would cost about $200,000 more each year, which the utility could raise by
adding about $2.40 to the average monthly water bill. The council has not taken that up. It
will see the utility's five-year plan in February.</p>
""",
    },
    {
        "slug": "district-ends-bus-route-seven",
        "headline": "Driver shortage ends bus route 7; Cedar Flats parents scramble",
        "dek": "About 40 students who rode it will be folded into two longer routes starting next week.",
        "section": "schools",
        "kind": "news",
        "days_ago": 20.2,
        "authors": ["denise-harlan"],
        "photo": "bus",
        "neighborhoods": ["cedar-flats", "northgate"],
        "tags": ["school buses", "riverside community schools"],
        "body": """
<p>Riverside Community Schools will stop running bus route 7 next week because it cannot find a
driver, the district told families in a letter Friday. About 40 students from Cedar Flats who
ride it will be added to routes 4 and 9.</p>
<p>The change means some elementary students will board as early as 6:55 a.m. and ride for
close to an hour. "My first-grader is going to be on a bus longer than I'm in my car to work,"
said parent Alicia Fernandez.</p>
<p>Transportation director Gary Pohl said the district has four open driver positions and has
raised starting pay to $24 an hour. Anyone interested can apply at the district office on
Second Street; the district pays for the license training.</p>
""",
    },
    {
        "slug": "old-mill-cobblestones-will-stay",
        "headline": "Old Mill District's cobblestones will stay under new street plan",
        "dek": "Crews will lift, re-level and relay the 1890s stones rather than paving over them.",
        "section": "around-town",
        "kind": "news",
        "days_ago": 21.3,
        "authors": ["ben-kowalczyk"],
        "neighborhoods": ["old-mill"],
        "tags": ["old mill district", "streets", "historic preservation"],
        "body": """
<p>The cobblestones on Water and Mill streets will stay. The city's final design for rebuilding
the Old Mill District's streets calls for crews to lift the stones, rebuild the base beneath
them and set them back, rather than paving over them as an earlier draft proposed.</p>
<p>Relaying the stones adds about $310,000 to the $2.2 million project. A grant from the state
historic preservation office will cover about half of that.</p>
<p>To make the streets easier for wheelchairs and strollers, the plan adds smooth concrete
crossings at every corner. Work is expected to start next summer.</p>
""",
    },
    {
        "slug": "letter-thank-you-to-the-firefighters",
        "headline": "Letter: Thank you to the firefighters who came to our street",
        "dek": "A Cedar Flats reader thanks the crews of Engine 3 and Ladder 1.",
        "section": "opinion",
        "kind": "letter",
        "days_ago": 23.1,
        "authors": ["walt-okonkwo"],
        "neighborhoods": ["cedar-flats"],
        "tags": ["letters", "riverside fire department"],
        "body": """
<p>To the editor:</p>
<p>Last month a grease fire started in the kitchen of the house next to mine on Birch Street. I
want to thank the crews of Engine 3 and Ladder 1, who were there within minutes, kept the fire
from spreading to my house and then stayed an hour helping my neighbor carry out what could be
saved.</p>
<p>Several of them are volunteers who left their own jobs to come. We are lucky to have them.</p>
<p>Walt Okonkwo<br>Cedar Flats</p>
""",
    },
    {
        "slug": "sorensen-hardware-building-sold",
        "headline": "Sorensen Hardware building sold; family trust confirms the buyer",
        "dek": "The Mill Street landmark will become a bakery.",
        "section": "business",
        "kind": "brief",
        "days_ago": 24.2,
        "authors": ["ledger-staff"],
        "neighborhoods": ["old-mill"],
        "tags": ["small business", "mill street"],
        "body": """
<p>The Sorensen family trust has sold the former Sorensen Hardware building at 214 Mill Street
to Nadia Sorensen-Hale, granddaughter of the store's founder, and her husband, Chris Hale. The
couple plan to open a bakery there. The hardware store closed two years ago.</p>
<p>The sale price was not disclosed. The county lists the building's value at $286,000.</p>
""",
    },
    {
        "slug": "library-fall-reading-series-local-authors",
        "headline": "Library's reading series puts local authors at the microphone",
        "dek": "Six Riverside writers, from a poet to a retired game warden, will read on Thursday nights.",
        "section": "arts-culture",
        "kind": "news",
        "days_ago": 25.3,
        "authors": ["jamal-whitfield"],
        "photo": "library",
        "tags": ["library", "books", "authors"],
        "body": """
<p>The Riverside Public Library's reading series returns with six Thursday evenings of local
writers reading from their work in the library's community room.</p>
<ul>
<li>Poet Amara Eze, whose collection about the 1965 flood came out in the spring</li>
<li>Retired game warden Lyle Bergquist, author of three books of river stories</li>
<li>Mystery novelist Joan Tweedy, whose fictional detective lives in a town very like ours</li>
</ul>
<p>Readings begin at 7 p.m. and are free. Coffee is provided by Flour &amp; Ember, which also
promised cardamom buns "for as long as they last."</p>
""",
    },
    {
        "slug": "flood-sirens-tested-first-wednesday",
        "headline": "Flood sirens will be tested on the first Wednesday of each month",
        "dek": "The six new sirens replace the 1970s system along the river.",
        "section": "public-safety",
        "kind": "brief",
        "days_ago": 27.2,
        "authors": ["ledger-staff"],
        "neighborhoods": ["cedar-flats", "eastbank", "old-mill"],
        "tags": ["flooding", "emergency management"],
        "body": """
<p>Riverside's six new outdoor warning sirens will be tested at 10 a.m. on the first Wednesday
of every month, the emergency management office said. The test lasts three minutes. In a real
emergency, the sirens sound for longer, and alerts go out by text to anyone signed up on the
city's website.</p>
<p>The sirens were paid for by a federal hazard mitigation grant and cost $212,000.</p>
""",
    },
    {
        "slug": "homecoming-parade-returns-to-front-street",
        "headline": "Homecoming parade returns to Front Street after six years",
        "dek": "The parade moved to the high school parking lot in Northgate when the school did. Students asked for it back.",
        "section": "schools",
        "kind": "news",
        "days_ago": 29.1,
        "authors": ["denise-harlan"],
        "neighborhoods": ["old-mill", "depot-square"],
        "tags": ["riverside high", "parades", "students"],
        "body": """
<p>For the first time since Riverside High moved to its Northgate campus, the homecoming parade
went down Front Street on Friday, from Depot Square to the bridge, with the marching band, 14
floats and what appeared to be most of the town on the sidewalks.</p>
<p>The student council collected 600 signatures last spring asking to bring the parade back
downtown. "Our parents talk about the parade on Front Street like it was the best night of the
year," said student council president Mateo Ruiz. "We wanted that too."</p>
<p>The senior class float, a papier-m\u00e2ch\u00e9 version of the grain elevator, won the judges'
prize.</p>
""",
    },
    {
        "slug": "cedar-flats-park-new-playground",
        "headline": "Cedar Flats Park opens a new playground after a five-year campaign",
        "dek": "Neighbors raised $85,000 with bake sales, a raffle and one very long fun run.",
        "section": "around-town",
        "kind": "news",
        "days_ago": 31.2,
        "authors": ["ben-kowalczyk", "theo-lindqvist"],
        "photo": "playground",
        "neighborhoods": ["cedar-flats"],
        "tags": ["parks", "playgrounds", "volunteers"],
        "body": """
<p>The rusted slide and the wooden fort with the splinters are gone. On Saturday, several
hundred people, a large share of them under four feet tall, came to open the new playground at
Cedar Flats Park.</p>
<p>The Cedar Flats Neighborhood Association raised $85,000 over five years toward the $240,000
project, with the parks district and a state grant paying the rest. Equipment includes an
accessible climbing tower, a swing set with two adaptive seats and a rubber surface that
survives flooding, a must on the river's lowest ground.</p>
<p>"Every bake sale, every raffle ticket, is in this playground somewhere," said association
president Tasha Greene.</p>
""",
    },
    {
        "slug": "burn-ban-lifted-after-rain",
        "headline": "Burn ban lifted after weekend rain",
        "dek": "Recreational fires are allowed again in the city; yard waste burning is still prohibited.",
        "section": "public-safety",
        "kind": "brief",
        "days_ago": 33.2,
        "authors": ["ledger-staff"],
        "tags": ["fire", "weather"],
        "body": """
<p>The Riverside Fire Department lifted the burn ban it declared three weeks ago, after more
than two inches of rain fell over the weekend. Small recreational fires are allowed again in
approved fire pits. Burning yard waste remains against city code at all times.</p>
<p>Yard waste can be dropped off free at the compost site on River Road on Saturdays.</p>
""",
    },
    {
        "slug": "column-what-the-river-taught-me-about-patience",
        "headline": "What the river taught me about patience",
        "dek": "Forty years of walking the same mile of riverbank, and it has never been the same mile twice.",
        "section": "opinion",
        "kind": "opinion",
        "days_ago": 35.1,
        "authors": ["ruth-abernathy"],
        "neighborhoods": ["eastbank"],
        "tags": ["column", "riverfront"],
        "body": """
<p>I have walked the same mile of the Tamarack, from the Eastbank boat launch to the railroad
trestle, most mornings for forty years. My students used to ask whether I got bored. I never
did, because the river never once held still long enough to become familiar.</p>
<p>It rises and falls. It freezes from the edges in. It takes a tree one spring and gives back
a sandbar the next. In 1993 it came up into my garden and left behind a canoe paddle, which I
still have.</p>
<p>I think of that paddle when the town argues, as towns do, about bridges and budgets and who
gets what. The river does not hurry. It simply keeps going, and over time it gets where it is
going. There are worse examples to follow.</p>
""",
    },
    {
        "slug": "city-hires-first-grant-writer",
        "headline": "Riverside hires its first full-time grant writer",
        "dek": "The position pays for itself if it brings in one mid-sized grant a year, the city administrator says.",
        "section": "city-hall",
        "kind": "news",
        "days_ago": 37.2,
        "authors": ["ben-kowalczyk"],
        "tags": ["city hall", "grants", "budget"],
        "body": """
<p>Riverside has hired Dana Kowalski, a former grants manager for the county health department,
as the city's first full-time grant writer, City Administrator Neil Farrow announced.</p>
<p>The city has relied on department heads to apply for grants in their spare time. Farrow said
that meant Riverside often missed deadlines for state and federal money that towns its size
routinely win.</p>
<p>The position pays $68,000 a year plus benefits. "If Dana brings in one mid-sized grant a
year, the job has paid for itself," Farrow said. "I expect more than one."</p>
""",
    },
    {
        "slug": "depot-jazz-night-moves-indoors",
        "headline": "Depot jazz night moves indoors for the winter",
        "dek": "The Thursday series continues in the Depot's waiting room through March.",
        "section": "arts-culture",
        "kind": "brief",
        "days_ago": 40.3,
        "authors": ["ledger-staff"],
        "neighborhoods": ["depot-square"],
        "tags": ["music", "the depot"],
        "body": """
<p>The Thursday jazz series that filled the Depot Square plaza all summer moves inside the
old depot's waiting room for the winter, starting this week at 7 p.m. Admission remains free;
the hat gets passed for the musicians.</p>
<p>This week's opener is the Tamarack Trio, with guest vocalist Ama Boateng.</p>
""",
    },
    {
        "slug": "obituary-evelyn-marsh",
        "headline": "Evelyn Marsh, 94, taught three generations of Riverside to swim",
        "dek": "She ran the swim program at Tamarack Pool for 38 summers and swam laps there until she was 90.",
        "section": "obituaries",
        "kind": "obituary",
        "days_ago": 42.2,
        "authors": ["marisol-vega"],
        "neighborhoods": ["lantern-hill"],
        "tags": ["obituaries"],
        "body": """
<p>Evelyn Marsh, who taught swimming lessons at Tamarack Pool for 38 summers and is believed to
have taught more Riverside children to swim than anyone in the town's history, died Sunday at
home in Lantern Hill. She was 94.</p>
<p>Mrs. Marsh started the city's swim program in 1961 after two children drowned in the river.
Her rule was simple: no child in Riverside should reach third grade without being able to swim
the width of the pool. Former students remember her whistle, her patience and her
refusal to let anyone quit on the first day.</p>
<p>She swam laps at the pool three mornings a week until she was 90.</p>
<p>She is survived by her son, Peter; her daughter, Ann Kessler; five grandchildren and nine
great-grandchildren. Her husband, Lloyd, died in 2008. Memorials may be made to the Riverside
Parks Foundation's swim scholarship fund.</p>
""",
    },
    {
        "slug": "grain-elevator-redevelopment-plan",
        "headline": "Grain elevator redevelopment plan gets its first public look",
        "dek": "A developer proposes apartments in the silos and a market hall in the headhouse. Neighbors have questions about parking.",
        "section": "business",
        "kind": "news",
        "days_ago": 45.1,
        "authors": ["ben-kowalczyk"],
        "photo": "elevator",
        "neighborhoods": ["depot-square"],
        "tags": ["grain elevator", "development", "housing"],
        "body": """
<p>A Minneapolis developer showed neighbors its plan Tuesday for the Riverside Co-op grain
elevator, empty since 2011: 48 apartments carved into the concrete silos, a market hall on the
ground floor and a rooftop restaurant in the old headhouse.</p>
<p>About 90 people came to the Depot for the presentation by Northline Partners. Most questions
were about parking; the plan calls for 60 spaces, and Depot Square residents say the
neighborhood is already full on market days.</p>
<p>The project would need a zoning change and about $6 million in state historic tax credits.
Northline said it hopes to bring a formal application to the planning commission in the
spring. The new mural on the elevator's loading wall would stay.</p>
""",
    },
    {
        "slug": "analysis-falling-enrollment-small-schools",
        "headline": "Analysis: Enrollment is falling. What it means for Riverside's smallest schools",
        "dek": "The district has 300 fewer students than a decade ago, most of the drop in the oldest neighborhoods.",
        "section": "schools",
        "kind": "analysis",
        "days_ago": 48.2,
        "authors": ["denise-harlan"],
        "neighborhoods": ["old-mill", "lantern-hill", "northgate"],
        "tags": ["enrollment", "riverside community schools", "analysis"],
        "body": """
<p>Riverside Community Schools enrolled 2,214 students this fall, about 300 fewer than ten years
ago. The drop is not spread evenly: Northgate Elementary has grown, while Mill Street
Elementary, the district's oldest building, has lost nearly a third of its students.</p>
<h2>Why it matters</h2>
<p>State funding follows students. Each one lost means about $9,000 less a year, while the cost
of heating, staffing and maintaining a building stays much the same.</p>
<p>Mill Street Elementary now has 168 students in a building designed for 350. Superintendent
Marcus Bell has said closing a school is "not on the table this year," but the board has
asked for a facilities study, due in the spring, that will look at every building.</p>
<p>Parents at Mill Street have started organizing. Their argument: the small school is the only
one children in the Old Mill District can walk to.</p>
""",
    },
    {
        "slug": "lantern-hill-block-party",
        "headline": "Lantern Hill block party fills Summit Avenue",
        "dek": "Fourteen blocks, one closed street and a pie contest judged by the fire chief.",
        "section": "around-town",
        "kind": "news",
        "days_ago": 52.3,
        "authors": ["jamal-whitfield"],
        "photo": "park",
        "neighborhoods": ["lantern-hill"],
        "tags": ["block parties", "lantern hill"],
        "body": """
<p>Summit Avenue closed to cars Saturday for the Lantern Hill block party, which organizers say
drew residents from all 14 blocks of the neighborhood and a fair number from outside it.</p>
<p>There was a bounce house, a bluegrass band on a flatbed trailer and a pie contest judged by
Fire Chief Andre Lucero, who described the job as "the best call I get all year." The winning
pie, sour cherry, was baked by 11-year-old Nora Lindgren.</p>
<p>Organizers collected donations for the Lantern Hill Elementary playground fund and raised
about $1,100.</p>
""",
    },
    {
        "slug": "council-approves-snow-emergency-routes",
        "headline": "Council approves new snow emergency routes, with stricter towing",
        "dek": "Cars left on marked routes will be towed four hours after an emergency is declared, down from eight.",
        "section": "city-hall",
        "kind": "news",
        "days_ago": 55.1,
        "authors": ["ben-kowalczyk"],
        "neighborhoods": ["northgate", "old-mill", "eastbank"],
        "tags": ["city council", "snow", "parking"],
        "body": """
<p>The Riverside City Council unanimously approved a new map of snow emergency routes on
Tuesday, adding County Road 9 through Northgate and Summit Avenue on Lantern Hill, and cutting
the grace period before cars are towed from eight hours to four.</p>
<p>Public Works Director Jim Thorsen said plow drivers lost hours last winter working around
parked cars. "We plowed around the same sedan on Summit eleven times," he said.</p>
<p>The city will mail the new map to every household and post signs before the first snowfall.
Residents can sign up for text alerts when a snow emergency is declared.</p>
""",
    },
    {
        "slug": "fire-department-new-ladder-truck",
        "headline": "Fire department's new ladder truck reaches the top of any building in town",
        "dek": "The 100-foot ladder replaces a 1994 truck that could not reach the roofs of Riverside's tallest buildings.",
        "section": "public-safety",
        "kind": "news",
        "days_ago": 58.2,
        "authors": ["denise-harlan"],
        "neighborhoods": ["depot-square"],
        "tags": ["riverside fire department", "public safety"],
        "body": """
<p>The Riverside Fire Department put its new ladder truck into service Monday, replacing a 1994
truck whose 75-foot ladder could not reach the roof of the tallest buildings in town.</p>
<p>The new truck's ladder reaches 100 feet. It cost $1.3 million, paid for over ten years from
the capital fund, and carries its own pump and water, so it can fight a fire on its own
before an engine arrives.</p>
<p>Firefighters spent three weeks training on it. Residents can see it up close at the fire
station open house next month, where Chief Andre Lucero has promised rides in the bucket "for
anyone who signs the waiver."</p>
""",
    },
    # Work not yet public: drafts and one scheduled story. Editors see them in the admin;
    # readers must never see them until they are published and their time comes.
    {
        "slug": "council-candidates-forum-thursday",
        "headline": "Council candidates to meet voters at Thursday forum",
        "dek": "All five candidates for the two open seats have agreed to attend.",
        "section": "city-hall",
        "kind": "news",
        "status": "draft",
        "authors": ["ben-kowalczyk"],
        "tags": ["city council", "elections"],
        "body": """
<p>All five candidates for the two open seats on the Riverside City Council will take questions
from voters at a forum Thursday at 7 p.m. at the Depot. [Editor: confirm moderator name.]</p>
""",
    },
    {
        "slug": "winter-parking-rules-explained",
        "headline": "Winter parking rules, explained",
        "dek": "Odd and even sides, snow emergencies and where to move your car.",
        "section": "around-town",
        "kind": "brief",
        "status": "draft",
        "authors": ["ledger-staff"],
        "tags": ["snow", "parking"],
        "body": """
<p>From December 1 through March 31, overnight parking alternates sides: odd-numbered sides on
odd-numbered dates. [Draft: add map of snow emergency routes.]</p>
""",
    },
    {
        "slug": "holiday-lights-parade-route-announced",
        "headline": "Holiday lights parade route announced",
        "dek": "The parade will cross the Front Street Bridge one last time before construction.",
        "section": "arts-culture",
        "kind": "news",
        "days_ahead": 1,
        "authors": ["jamal-whitfield"],
        "neighborhoods": ["old-mill", "eastbank"],
        "tags": ["parades", "front street bridge"],
        "body": """
<p>The holiday lights parade will start at the Eastbank boat launch and cross the Front Street
Bridge to Depot Square, the Arts Council announced, giving the old bridge deck one last
parade before it closes for repairs in April.</p>
<p>Floats line up at 5 p.m.; the parade starts at 6.</p>
""",
    },
]
