"""The ISO 3166-1 country table: every alpha-2 code iMIS stores in ``CountryCode``, with its English name.

Each line is ``CODE|REGION|Name``. Names follow the ISO short name, using the common form where one
exists ("Bolivia", "South Korea"). The region is coarse (the iMIS demo data uses region codes such as
``ASIA`` for its ``MailGroup``). The built-in catalog offers the codes with their names as the values
of ``CountryCode``; the emulator serves the same table from ``/api/Country``.
"""

from __future__ import annotations

from typing import NamedTuple


class IsoCountry(NamedTuple):
    code: str
    name: str
    region: str


_TABLE = """\
AD|EUROPE|Andorra
AE|ASIA|United Arab Emirates
AF|ASIA|Afghanistan
AG|AMERICAS|Antigua and Barbuda
AI|AMERICAS|Anguilla
AL|EUROPE|Albania
AM|ASIA|Armenia
AO|AFRICA|Angola
AQ|ANTARCTICA|Antarctica
AR|AMERICAS|Argentina
AS|OCEANIA|American Samoa
AT|EUROPE|Austria
AU|OCEANIA|Australia
AW|AMERICAS|Aruba
AX|EUROPE|Åland Islands
AZ|ASIA|Azerbaijan
BA|EUROPE|Bosnia and Herzegovina
BB|AMERICAS|Barbados
BD|ASIA|Bangladesh
BE|EUROPE|Belgium
BF|AFRICA|Burkina Faso
BG|EUROPE|Bulgaria
BH|ASIA|Bahrain
BI|AFRICA|Burundi
BJ|AFRICA|Benin
BL|AMERICAS|Saint Barthélemy
BM|ATLANTIC|Bermuda
BN|ASIA|Brunei Darussalam
BO|AMERICAS|Bolivia
BQ|AMERICAS|Bonaire, Sint Eustatius and Saba
BR|AMERICAS|Brazil
BS|AMERICAS|Bahamas
BT|ASIA|Bhutan
BV|OTHER|Bouvet Island
BW|AFRICA|Botswana
BY|EUROPE|Belarus
BZ|AMERICAS|Belize
CA|AMERICAS|Canada
CC|INDIAN OCEAN|Cocos (Keeling) Islands
CD|AFRICA|Congo, The Democratic Republic of the
CF|AFRICA|Central African Republic
CG|AFRICA|Congo
CH|EUROPE|Switzerland
CI|AFRICA|Côte d'Ivoire
CK|OCEANIA|Cook Islands
CL|AMERICAS|Chile
CM|AFRICA|Cameroon
CN|ASIA|China
CO|AMERICAS|Colombia
CR|AMERICAS|Costa Rica
CU|AMERICAS|Cuba
CV|ATLANTIC|Cabo Verde
CW|AMERICAS|Curaçao
CX|INDIAN OCEAN|Christmas Island
CY|ASIA|Cyprus
CZ|EUROPE|Czechia
DE|EUROPE|Germany
DJ|AFRICA|Djibouti
DK|EUROPE|Denmark
DM|AMERICAS|Dominica
DO|AMERICAS|Dominican Republic
DZ|AFRICA|Algeria
EC|AMERICAS|Ecuador
EE|EUROPE|Estonia
EG|AFRICA|Egypt
EH|AFRICA|Western Sahara
ER|AFRICA|Eritrea
ES|EUROPE|Spain
ET|AFRICA|Ethiopia
FI|EUROPE|Finland
FJ|OCEANIA|Fiji
FK|ATLANTIC|Falkland Islands (Malvinas)
FM|OCEANIA|Micronesia, Federated States of
FO|ATLANTIC|Faroe Islands
FR|EUROPE|France
GA|AFRICA|Gabon
GB|EUROPE|United Kingdom
GD|AMERICAS|Grenada
GE|ASIA|Georgia
GF|AMERICAS|French Guiana
GG|EUROPE|Guernsey
GH|AFRICA|Ghana
GI|EUROPE|Gibraltar
GL|AMERICAS|Greenland
GM|AFRICA|Gambia
GN|AFRICA|Guinea
GP|AMERICAS|Guadeloupe
GQ|AFRICA|Equatorial Guinea
GR|EUROPE|Greece
GS|ATLANTIC|South Georgia and the South Sandwich Islands
GT|AMERICAS|Guatemala
GU|OCEANIA|Guam
GW|AFRICA|Guinea-Bissau
GY|AMERICAS|Guyana
HK|ASIA|Hong Kong
HM|OTHER|Heard Island and McDonald Islands
HN|AMERICAS|Honduras
HR|EUROPE|Croatia
HT|AMERICAS|Haiti
HU|EUROPE|Hungary
ID|ASIA|Indonesia
IE|EUROPE|Ireland
IL|ASIA|Israel
IM|EUROPE|Isle of Man
IN|ASIA|India
IO|INDIAN OCEAN|British Indian Ocean Territory
IQ|ASIA|Iraq
IR|ASIA|Iran
IS|ATLANTIC|Iceland
IT|EUROPE|Italy
JE|EUROPE|Jersey
JM|AMERICAS|Jamaica
JO|ASIA|Jordan
JP|ASIA|Japan
KE|AFRICA|Kenya
KG|ASIA|Kyrgyzstan
KH|ASIA|Cambodia
KI|OCEANIA|Kiribati
KM|INDIAN OCEAN|Comoros
KN|AMERICAS|Saint Kitts and Nevis
KP|ASIA|North Korea
KR|ASIA|South Korea
KW|ASIA|Kuwait
KY|AMERICAS|Cayman Islands
KZ|ASIA|Kazakhstan
LA|ASIA|Laos
LB|ASIA|Lebanon
LC|AMERICAS|Saint Lucia
LI|EUROPE|Liechtenstein
LK|ASIA|Sri Lanka
LR|AFRICA|Liberia
LS|AFRICA|Lesotho
LT|EUROPE|Lithuania
LU|EUROPE|Luxembourg
LV|EUROPE|Latvia
LY|AFRICA|Libya
MA|AFRICA|Morocco
MC|EUROPE|Monaco
MD|EUROPE|Moldova
ME|EUROPE|Montenegro
MF|AMERICAS|Saint Martin (French part)
MG|INDIAN OCEAN|Madagascar
MH|OCEANIA|Marshall Islands
MK|EUROPE|North Macedonia
ML|AFRICA|Mali
MM|ASIA|Myanmar
MN|ASIA|Mongolia
MO|ASIA|Macao
MP|OCEANIA|Northern Mariana Islands
MQ|AMERICAS|Martinique
MR|AFRICA|Mauritania
MS|AMERICAS|Montserrat
MT|EUROPE|Malta
MU|INDIAN OCEAN|Mauritius
MV|INDIAN OCEAN|Maldives
MW|AFRICA|Malawi
MX|AMERICAS|Mexico
MY|ASIA|Malaysia
MZ|AFRICA|Mozambique
NA|AFRICA|Namibia
NC|OCEANIA|New Caledonia
NE|AFRICA|Niger
NF|OCEANIA|Norfolk Island
NG|AFRICA|Nigeria
NI|AMERICAS|Nicaragua
NL|EUROPE|Netherlands
NO|EUROPE|Norway
NP|ASIA|Nepal
NR|OCEANIA|Nauru
NU|OCEANIA|Niue
NZ|OCEANIA|New Zealand
OM|ASIA|Oman
PA|AMERICAS|Panama
PE|AMERICAS|Peru
PF|OCEANIA|French Polynesia
PG|OCEANIA|Papua New Guinea
PH|ASIA|Philippines
PK|ASIA|Pakistan
PL|EUROPE|Poland
PM|AMERICAS|Saint Pierre and Miquelon
PN|OCEANIA|Pitcairn
PR|AMERICAS|Puerto Rico
PS|ASIA|Palestine, State of
PT|EUROPE|Portugal
PW|OCEANIA|Palau
PY|AMERICAS|Paraguay
QA|ASIA|Qatar
RE|INDIAN OCEAN|Réunion
RO|EUROPE|Romania
RS|EUROPE|Serbia
RU|EUROPE|Russian Federation
RW|AFRICA|Rwanda
SA|ASIA|Saudi Arabia
SB|OCEANIA|Solomon Islands
SC|INDIAN OCEAN|Seychelles
SD|AFRICA|Sudan
SE|EUROPE|Sweden
SG|ASIA|Singapore
SH|ATLANTIC|Saint Helena, Ascension and Tristan da Cunha
SI|EUROPE|Slovenia
SJ|EUROPE|Svalbard and Jan Mayen
SK|EUROPE|Slovakia
SL|AFRICA|Sierra Leone
SM|EUROPE|San Marino
SN|AFRICA|Senegal
SO|AFRICA|Somalia
SR|AMERICAS|Suriname
SS|AFRICA|South Sudan
ST|AFRICA|Sao Tome and Principe
SV|AMERICAS|El Salvador
SX|AMERICAS|Sint Maarten (Dutch part)
SY|ASIA|Syria
SZ|AFRICA|Eswatini
TC|AMERICAS|Turks and Caicos Islands
TD|AFRICA|Chad
TF|INDIAN OCEAN|French Southern Territories
TG|AFRICA|Togo
TH|ASIA|Thailand
TJ|ASIA|Tajikistan
TK|OCEANIA|Tokelau
TL|ASIA|Timor-Leste
TM|ASIA|Turkmenistan
TN|AFRICA|Tunisia
TO|OCEANIA|Tonga
TR|EUROPE|Türkiye
TT|AMERICAS|Trinidad and Tobago
TV|OCEANIA|Tuvalu
TW|ASIA|Taiwan
TZ|AFRICA|Tanzania
UA|EUROPE|Ukraine
UG|AFRICA|Uganda
UM|OCEANIA|United States Minor Outlying Islands
US|AMERICAS|United States
UY|AMERICAS|Uruguay
UZ|ASIA|Uzbekistan
VA|EUROPE|Holy See (Vatican City State)
VC|AMERICAS|Saint Vincent and the Grenadines
VE|AMERICAS|Venezuela
VG|AMERICAS|Virgin Islands, British
VI|AMERICAS|Virgin Islands, U.S.
VN|ASIA|Vietnam
VU|OCEANIA|Vanuatu
WF|OCEANIA|Wallis and Futuna
WS|OCEANIA|Samoa
YE|ASIA|Yemen
YT|INDIAN OCEAN|Mayotte
ZA|AFRICA|South Africa
ZM|AFRICA|Zambia
ZW|AFRICA|Zimbabwe
"""


def _load() -> tuple[IsoCountry, ...]:
    rows = []
    for line in _TABLE.splitlines():
        code, region, name = line.split("|", 2)
        rows.append(IsoCountry(code, name, region))
    return tuple(rows)


ISO_COUNTRIES: tuple[IsoCountry, ...] = _load()
