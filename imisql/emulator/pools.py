"""Small embedded word pools the demo-data generator draws from (names, places, organisations).

Pools are plain tuples; the generator picks from them with :class:`imisql.emulator.rand.Draw`.
The last-name pool deliberately contains several "smith" names (Smith, Smithson, Smithers,
Goldsmith, Arrowsmith) so ``LastName=contains:smith`` finds a realistic handful, plus names with
apostrophes and accents to exercise encoding.
"""

from __future__ import annotations

from typing import NamedTuple

# fmt: off
MALE_FIRST = (
    "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
    "Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul",
    "Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward",
    "Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen",
    "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Patrick",
    "Frank", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "José", "Adam", "Nathan",
    "Henry", "Douglas", "Zachary", "Peter", "Kyle", "Noah", "Ethan", "Jeremy", "Walter", "Christian",
    "Keith", "Roger", "Terry", "Austin", "Sean", "Gerald", "Carl", "Harold", "Dylan", "Arthur",
    "Lawrence", "Jordan", "Jesse", "Bryan", "Billy", "Bruce", "Gabriel", "Joe", "Logan", "Albert",
    "Willie", "Alan", "Eugene", "Russell", "Vincent", "Philip", "Bobby", "Johnny", "Bradley", "Liam",
    "Mohammed", "Hiroshi", "Raj", "Luca", "Søren",
)

FEMALE_FIRST = (
    "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah",
    "Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret", "Ashley", "Kimberly", "Emily", "Donna",
    "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Dorothy", "Rebecca", "Sharon",
    "Laura", "Cynthia", "Amy", "Kathleen", "Angela", "Shirley", "Brenda", "Emma", "Anna", "Pamela",
    "Nicole", "Samantha", "Katherine", "Christine", "Helen", "Debra", "Rachel", "Carolyn", "Janet",
    "Maria", "Catherine", "Heather", "Diane", "Olivia", "Julie", "Joyce", "Victoria", "Ruth",
    "Virginia", "Lauren", "Kelly", "Christina", "Joan", "Evelyn", "Judith", "Andrea", "Hannah",
    "Megan", "Cheryl", "Jacqueline", "Martha", "Madison", "Teresa", "Gloria", "Sara", "Janice",
    "Ann", "Kathryn", "Abigail", "Sophia", "Frances", "Jean", "Alice", "Judy", "Isabella", "Julia",
    "Grace", "Amber", "Denise", "Danielle", "Marilyn", "Beverly", "Charlotte", "Natalie", "Theresa",
    "Diana", "Brittany", "Doris", "Kayla", "Alexis", "Lori", "Zoë", "Chloé", "Aoife", "Priya", "Mei",
)

LAST_NAMES = (
    "Smith", "Smithson", "Smithers", "Goldsmith", "Arrowsmith", "Johnson", "Williams", "Brown",
    "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
    "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez",
    "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan",
    "Cooper", "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward",
    "Richardson", "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza",
    "Ruiz", "Hughes", "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross",
    "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman",
    "Butler", "Henderson", "Barnes", "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan",
    "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin", "Wallace", "Moreno",
    "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina", "Aguilar",
    "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez", "McDonald",
    "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb", "Tucker",
    "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
    "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer",
    "Wagner", "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills",
    "Meyer", "Rice", "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto",
    "Weaver", "Ryan", "Gardner", "Payne", "Grant", "Dunn", "Kelley", "Spencer", "Hawkins", "Lauzier",
    "O'Brien", "O'Connor", "Müller", "Núñez", "Østergaard", "Van der Berg", "Tanaka", "Singh",
)

MIDDLE_INITIALS = tuple("ABCDEFGHIJKLMNOPRSTW")
PREFIXES_MALE = ("Mr.", "Mr.", "Mr.", "Dr.", "Prof.")
PREFIXES_FEMALE = ("Ms.", "Ms.", "Mrs.", "Dr.", "Prof.")
SUFFIXES = ("Jr.", "Sr.", "III", "PhD", "CPA", "MD")
TITLES = (
    "President", "Vice President", "Director", "Manager", "Senior Analyst", "Engineer", "Consultant",
    "Executive Director", "Coordinator", "Accountant", "Chief Financial Officer", "Administrator",
    "Program Officer", "Attorney", "Nurse Practitioner", "Professor", "Registrar", "Owner",
)

ORG_FIRST = (
    "Prodigy", "Northwind", "Summit", "Bluewater", "Evergreen", "Granite", "Horizon", "Keystone",
    "Lakeside", "Meridian", "Pinnacle", "Redwood", "Silverline", "Trident", "Unity", "Vanguard",
    "Westbrook", "Apex", "Beacon", "Cascade", "Crescent", "Harbor", "Ironwood", "Juniper",
    "Liberty", "Maple", "Oakridge", "Pioneer", "Riverside", "Sterling", "Tidewater", "Willow",
)
ORG_SECOND = (
    "Makers", "Health", "Engineering", "Analytics", "Builders", "Consulting", "Dynamics", "Energy",
    "Financial", "Foods", "Logistics", "Medical", "Partners", "Publishing", "Research", "Software",
    "Solutions", "Systems", "Technologies", "Ventures", "Learning", "Legal", "Design", "Labs",
)
ORG_SUFFIX = (
    "International", "Inc.", "LLC", "Ltd.", "Group", "Corporation", "Associates", "Co.",
    "Foundation", "Institute", "Society", "Council",
)

STREET_NAMES = (
    "Maple", "Oak", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Franklin",
    "King", "Queen", "Church", "High", "Station", "Victoria", "Wellington", "Market", "Bridge",
    "Union", "River", "Sunset", "Highland", "Jefferson", "Lincoln", "Madison", "Spring", "Mill",
)
STREET_KINDS = ("Street", "Avenue", "Road", "Drive", "Lane", "Boulevard", "Way", "Court", "Place")
FREE_MAIL = ("example.com", "example.org", "example.net", "mail.example.com", "inbox.example.org")

# fmt: on


class City(NamedTuple):
    name: str
    sub_code: str
    sub_name: str
    country: str
    area: str  # telephone area code / prefix
    postal: str  # pattern: 9 = digit, A = letter, other characters literal


# fmt: off
CITIES = (
    City("Newark", "NJ", "New Jersey", "US", "201", "99999"),
    City("New York", "NY", "New York", "US", "212", "99999"),
    City("Boston", "MA", "Massachusetts", "US", "617", "99999"),
    City("Chicago", "IL", "Illinois", "US", "312", "99999"),
    City("Austin", "TX", "Texas", "US", "512", "99999"),
    City("Houston", "TX", "Texas", "US", "713", "99999"),
    City("Denver", "CO", "Colorado", "US", "303", "99999"),
    City("Seattle", "WA", "Washington", "US", "206", "99999"),
    City("Portland", "OR", "Oregon", "US", "503", "99999"),
    City("San Francisco", "CA", "California", "US", "415", "99999"),
    City("Los Angeles", "CA", "California", "US", "213", "99999"),
    City("San Diego", "CA", "California", "US", "619", "99999"),
    City("Phoenix", "AZ", "Arizona", "US", "602", "99999"),
    City("Atlanta", "GA", "Georgia", "US", "404", "99999"),
    City("Miami", "FL", "Florida", "US", "305", "99999"),
    City("Orlando", "FL", "Florida", "US", "407", "99999"),
    City("Minneapolis", "MN", "Minnesota", "US", "612", "99999"),
    City("Philadelphia", "PA", "Pennsylvania", "US", "215", "99999"),
    City("Pittsburgh", "PA", "Pennsylvania", "US", "412", "99999"),
    City("Washington", "DC", "District of Columbia", "US", "202", "99999"),
    City("Alexandria", "VA", "Virginia", "US", "703", "99999"),
    City("Nashville", "TN", "Tennessee", "US", "615", "99999"),
    City("Columbus", "OH", "Ohio", "US", "614", "99999"),
    City("Salt Lake City", "UT", "Utah", "US", "801", "99999"),
    City("Somerville", "NJ", "New Jersey", "US", "908", "99999"),
    City("Toronto", "ON", "Ontario", "CA", "416", "A9A 9A9"),
    City("Ottawa", "ON", "Ontario", "CA", "613", "A9A 9A9"),
    City("Vancouver", "BC", "British Columbia", "CA", "604", "A9A 9A9"),
    City("Montréal", "QC", "Quebec", "CA", "514", "A9A 9A9"),
    City("Calgary", "AB", "Alberta", "CA", "403", "A9A 9A9"),
    City("London", "LND", "London", "GB", "20", "AA9 9AA"),
    City("Manchester", "MAN", "Manchester", "GB", "161", "A9 9AA"),
    City("Edinburgh", "EDH", "Edinburgh", "GB", "131", "AA9 9AA"),
    City("Dublin", "D", "Dublin", "IE", "1", "A99 A9A9"),
    City("Sydney", "NSW", "New South Wales", "AU", "2", "9999"),
    City("Melbourne", "VIC", "Victoria", "AU", "3", "9999"),
    City("Brisbane", "QLD", "Queensland", "AU", "7", "9999"),
    City("Auckland", "AUK", "Auckland", "NZ", "9", "9999"),
    City("Wellington", "WGN", "Wellington", "NZ", "4", "9999"),
    City("Berlin", "BE", "Berlin", "DE", "30", "99999"),
    City("Paris", "IDF", "Île-de-France", "FR", "1", "99999"),
    City("Amsterdam", "NH", "North Holland", "NL", "20", "9999 AA"),
    City("Johannesburg", "GP", "Gauteng", "ZA", "11", "9999"),
    City("Singapore", "", "", "SG", "6", "999999"),
    City("Tokyo", "13", "Tokyo", "JP", "3", "999-9999"),
    City("Mumbai", "MH", "Maharashtra", "IN", "22", "999999"),
    City("Mexico City", "CMX", "Ciudad de México", "MX", "55", "99999"),
    City("São Paulo", "SP", "São Paulo", "BR", "11", "99999-999"),
)

CUSTOMER_TYPES = (
    ("REG", "Regular Member"),
    ("REG", "Regular Member"),
    ("REG", "Regular Member"),
    ("STU", "Student Member"),
    ("RET", "Retired Member"),
    ("NM", "Non-member"),
    ("NM", "Non-member"),
    ("FEL", "Fellow"),
)
ORG_CUSTOMER_TYPES = (("CM", "Company Member"), ("CM", "Company Member"), ("NMO", "Non-member Organization"))
MEMBER_TYPE_CODES = frozenset({"REG", "STU", "RET", "FEL", "CM"})
# fmt: on
