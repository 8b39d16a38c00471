/// The English phrase book of the generator: sentence parts that combine into
/// grammatical news prose, so that compression ratios are those of words, not
/// of random letters. Hand-written for the benchmark; the combinations (and
/// the numbers and names inserted) give each article its own text.
enum EnglishPhrases {
    static let subjects = [
        "The government", "The foreign ministry", "Local officials", "Provincial authorities", "The central bank",
        "Border guards", "A group of farmers", "Traders in the bazaar", "Members of parliament", "The finance minister",
        "Regional analysts", "Aid agencies", "The United Nations office", "Energy companies", "The railway authority",
        "Community elders", "Women's rights activists", "Teachers' unions", "The customs service", "Security forces",
        "Independent economists", "The water ministry", "Opposition politicians", "Exporters of dried fruit",
        "The health department", "Students at the university", "Returning migrants", "The chamber of commerce",
        "Diplomats from neighbouring states", "Journalists in the capital", "The electoral commission",
        "Residents of the district", "Cotton growers", "Hydropower engineers", "Investors from the Gulf",
        "The interior ministry", "Lawyers for the defendants", "Mining companies", "Transport operators",
    ]
    static let verbs = [
        "announced", "criticised", "welcomed", "rejected", "postponed", "approved", "questioned", "defended",
        "reviewed", "expanded", "suspended", "signed", "negotiated", "funded", "delayed", "proposed",
        "warned against", "called for", "pushed back against", "reported progress on", "raised concerns about",
        "agreed to study", "set a deadline for", "published details of", "sought clarity on", "began work on",
    ]
    static let objects = [
        "a new irrigation plan", "the cross-border trade agreement", "next year's budget", "the security arrangements",
        "rising food prices", "the regional railway corridor", "the local elections", "the seasonal migration of workers",
        "gas exports to the south", "the reopening of the border crossing", "a loan for road construction",
        "reforms of the banking sector", "the reconstruction of schools", "electricity imports", "new customs tariffs",
        "water sharing along the river", "the mining concession", "support for returning families",
        "the wheat harvest", "cooperation on counter-narcotics", "the freight terminal", "visa rules for traders",
        "the textile industry", "a programme of vocational training", "the power transmission line",
        "talks on the disputed boundary", "the price of fuel", "the new hospital wing", "currency controls",
        "a ban on exports of flour", "the survey of landmines", "funding for village clinics",
    ]
    static let places = [
        "Kabul", "Herat", "Mazar-i-Sharif", "Kandahar", "Jalalabad", "Kunduz", "Dushanbe", "Khujand", "Tashkent",
        "Samarkand", "Bukhara", "Termez", "Almaty", "Astana", "Bishkek", "Osh", "Ashgabat", "Islamabad", "Peshawar",
        "Quetta", "Karachi", "Lahore", "Gwadar", "Badakhshan", "the Fergana valley", "Balkh province",
        "the Wakhan corridor", "Khyber Pakhtunkhwa", "Balochistan", "Torkham", "Hairatan", "Spin Boldak",
    ]
    static let times = [
        "On Monday", "On Tuesday", "On Wednesday", "On Thursday", "On Friday", "Last week", "Earlier this month",
        "In recent months", "Since the spring", "This year", "After weeks of talks", "Late on Sunday",
        "At a press conference", "In a statement", "During a visit to the region", "Over the past decade",
    ]
    static let connectors = [
        "However,", "Meanwhile,", "At the same time,", "According to officials,", "In response,", "Even so,",
        "For now,", "By contrast,", "As a result,", "In practice,", "Critics say that", "Supporters argue that",
    ]
    static let consequences = [
        "prices in local markets have climbed", "the queues at the crossing have grown longer",
        "thousands of families face a difficult winter", "investors remain cautious",
        "the project could take years to complete", "the talks are expected to resume next month",
        "the plan depends on funding that has not been secured", "the decision has divided the provincial council",
        "exports could fall sharply", "the number of returnees has doubled", "schools in the district stay closed",
        "the river carries less water every summer", "freight costs have fallen for the first time in years",
        "officials promise a review before the end of the year", "the new rules will apply from January",
    ]
    static let quotes = [
        "We cannot plan for next season without clear rules", "The numbers tell only part of the story",
        "This is a question of trust between neighbours", "Nobody asked the people who live here",
        "The agreement is a first step, not a solution", "Our members are losing money every day",
        "We expect the government to keep its promises", "The region needs roads more than speeches",
    ]
    static let people = [
        "Dilnoza Karimova", "Ahmad Shah Rahimi", "Farida Nazari", "Bakhtiyor Tursunov", "Grace Linden",
        "Sardor Aliev", "Mariam Qaderi", "Imran Yousafzai", "Aigerim Bekova", "Tahir Khan", "Laila Hashimi",
        "Rustam Davlatov", "Nilufar Yusupova", "Zainab Durrani", "Timur Ospanov", "Hamid Sultani",
    ]
    static let roles = [
        "an economist in", "a trader from", "a farmer near", "a researcher based in", "an official in",
        "a teacher in", "a lawyer in", "an engineer working in", "a journalist in", "a shopkeeper in",
    ]
    static let units = ["percent", "tonnes", "kilometres", "families", "megawatts", "million dollars", "trucks a day"]
    static let titleHeads = [
        "Under Pressure", "A Fragile Deal", "Counting the Cost", "The Long Road", "Between Two Capitals",
        "A Season of Doubt", "New Rules, Old Problems", "Waiting at the Border", "Who Pays", "After the Harvest",
    ]
    static let sources = ["Kabul Bureau", "Tashkent Correspondent", "Islamabad Desk", "Regional Desk", "Dushanbe Office",
                          "Almaty Correspondent", "Peshawar Stringer", "Herat Correspondent"]
}
