/// Phrases from which ``Corpus`` composes news-like text in English and
/// Persian. The text is synthetic; SPEC.md §15 says so next to every figure.
enum Phrasebook {
    static let englishSubjects = [
        "The government in Kabul", "Officials in Islamabad", "Analysts in Tashkent", "The foreign ministry in Dushanbe",
        "Regional security experts", "Diplomats in Almaty", "The central bank of Uzbekistan", "Local traders in Herat",
        "A senior Taliban official", "Pakistan's finance minister", "Election observers", "Humanitarian agencies",
        "Border officials in Torkham", "Energy ministers from the region", "A spokesperson for the United Nations",
        "Farmers in the Fergana Valley", "Representatives of civil society", "The Kyrgyz parliament",
    ]
    static let englishVerbs = [
        "said on Tuesday that", "warned that", "argued that", "told reporters that", "confirmed that",
        "denied reports that", "announced that", "signalled that", "acknowledged that", "insisted that",
    ]
    static let englishClauses = [
        "cross-border trade had fallen sharply over the past year",
        "the new railway corridor would open before the end of the decade",
        "water sharing on the Amu Darya remained the most sensitive issue in regional talks",
        "security along the Durand Line had deteriorated since the spring",
        "remittances from Russia were still the main source of income for many households",
        "inflation had eased but food prices remained high in rural districts",
        "negotiations over the gas pipeline were expected to resume next month",
        "access to secondary education for girls was still restricted",
        "the electricity deficit would worsen during the coming winter",
        "the number of returning refugees had doubled compared with last year",
        "investors were waiting for clearer rules on taxation and customs",
        "the security situation in the northern provinces was stable but fragile",
        "the drought had destroyed a large share of the wheat harvest",
        "the talks in Doha had produced no agreement on a timetable",
    ]
    static let englishTails = [
        "according to people familiar with the matter", "in an interview with local media",
        "despite repeated assurances from the authorities", "as the region prepares for a difficult winter",
        "in a statement published on its website", "while independent data remain scarce", "",
    ]
    static let persianSubjects = [
        "دولت در کابل", "مقام‌های اسلام‌آباد", "تحلیلگران در تاشکند", "وزارت خارجه تاجیکستان",
        "کارشناسان امنیت منطقه‌ای", "دیپلمات‌ها در آلماتی", "بانک مرکزی ازبکستان", "بازرگانان محلی در هرات",
        "یک مقام ارشد طالبان", "وزیر دارایی پاکستان", "ناظران انتخابات", "سازمان‌های بشردوستانه",
    ]
    static let persianVerbs = [
        "روز سه‌شنبه گفتند که", "هشدار دادند که", "استدلال کردند که", "به خبرنگاران گفتند که",
        "تأیید کردند که", "گزارش‌ها را رد کردند که", "اعلام کردند که",
    ]
    static let persianClauses = [
        "تجارت مرزی در سال گذشته به شدت کاهش یافته است",
        "راه‌آهن جدید پیش از پایان دهه گشوده خواهد شد",
        "تقسیم آب آمودریا حساس‌ترین موضوع گفت‌وگوهای منطقه‌ای است",
        "امنیت در امتداد خط دیورند از بهار بدتر شده است",
        "پول‌هایی که از روسیه فرستاده می‌شود هنوز منبع اصلی درآمد خانواده‌هاست",
        "تورم کاهش یافته اما قیمت مواد غذایی در روستاها بالا مانده است",
        "دسترسی دختران به آموزش متوسطه هنوز محدود است",
        "کمبود برق در زمستان پیش رو بیشتر خواهد شد",
        "شمار پناهجویان بازگشته نسبت به سال گذشته دو برابر شده است",
        "خشکسالی بخش بزرگی از محصول گندم را از میان برده است",
    ]
    static let persianTails = [
        "به گفته افراد آگاه", "در گفت‌وگو با رسانه‌های محلی", "با وجود اطمینان‌های مکرر مقام‌ها",
        "در حالی که داده‌های مستقل اندک است", "",
    ]
    static let regions = ["central-asia", "afghanistan", "pakistan", "iran", "south-asia", "uzbekistan", "tajikistan"]
    static let topics = ["political", "security", "economic", "social", "energy", "migration"]
    static let authors = ["Farida Noori", "James Whitfield", "Bakhtiyor Karimov", "Sana Malik", "Omid Rahimi"]
    static let persianAuthors = ["فریده نوری", "امید رحیمی", "بختیار کریموف"]
    static let sources = ["Folio Analysis", "Folio Newsroom", "Regional Desk"]
    static let commentNames = ["Ahmad", "Laila", "Tom R.", "Zarina", "مریم", "Nasir Khan"]
    static let commentTexts = [
        "Thank you for this balanced report.", "The figures on trade seem too low to me.",
        "Could you publish the full interview?", "This matches what we see in Herat every day.",
        "ممنون از گزارش دقیق شما", "Very useful analysis of the water question.",
    ]
}
