namespace Bazaar.Catalog.Seed;

/// <summary>A kind of product: every brand of its shelf makes one. {0} in the description is the brand.</summary>
internal sealed record DemoKind(string Name, decimal BasePrice, string[] Tags, string Description);

/// <summary>A leaf category of the demo shop with its brands and kinds of product.</summary>
internal sealed record DemoShelf(string Category, string? Parent, string SkuPrefix, string[] Brands, DemoKind[] Kinds);

/// <summary>
/// The demo shop: brands × kinds on each shelf, so the data is large enough to page and search
/// through, and the same on every machine. Some audio products are named "Wireless Headphones";
/// others only mention wireless headphones in their description, which shows search ranking.
/// </summary>
internal static class DemoData
{
    public static readonly string[] TopCategories =
    [
        "Electronics", "Home & Kitchen", "Fashion", "Sports & Outdoors", "Books",
        "Toys & Games", "Beauty & Personal Care", "Garden", "Office Supplies", "Pet Supplies",
    ];

    public static readonly string[] Series = ["100", "Pro", "Air", "Max", "Lite", "Plus", "One", "2"];

    public static readonly string[] Colors = ["black", "white", "graphite", "navy", "sand", "forest green", "red"];

    public static readonly DemoShelf[] Shelves =
    [
        new("Audio", "Electronics", "AUD", ["Sonica", "Auralis", "Bassline", "Echofield"],
        [
            new("Wireless Headphones", 129m, ["audio", "headphones", "wireless", "bluetooth"], "Over-ear wireless headphones from {0} with 30 hours of battery, fast charging and a fold-flat design."),
            new("Noise-Cancelling Earbuds", 99m, ["audio", "earbuds", "anc"], "True wireless earbuds by {0} with active noise cancelling, transparency mode and a pocketable charging case."),
            new("Bluetooth Speaker", 79m, ["audio", "speaker", "bluetooth", "portable"], "A splash-proof portable speaker from {0} with deep bass and 20 hours of play."),
            new("Soundbar", 249m, ["audio", "tv", "home-theater"], "A slim {0} soundbar with a wireless subwoofer and clear dialogue mode for any TV."),
            new("Headphone Stand", 29m, ["audio", "accessories", "desk"], "A weighted aluminium stand by {0} that keeps your wireless headphones charged and within reach on the desk."),
            new("Bluetooth Audio Transmitter", 39m, ["audio", "accessories", "bluetooth"], "Plug this {0} transmitter into a TV or a plane seat and listen on up to two wireless headphones at once."),
        ]),
        new("Computers", "Electronics", "CMP", ["Northwind", "Vertex", "Quanta"],
        [
            new("Laptop 14-inch", 899m, ["computers", "laptop", "portable"], "A light 14-inch {0} laptop with an all-day battery, 16 GB of memory and a 512 GB SSD."),
            new("Mechanical Keyboard", 119m, ["computers", "keyboard", "peripherals"], "A {0} mechanical keyboard with hot-swappable switches and a detachable USB-C cable."),
            new("Wireless Mouse", 49m, ["computers", "mouse", "wireless", "peripherals"], "An ergonomic {0} mouse with a silent click, a 70-day battery and Bluetooth or USB receiver."),
            new("27-inch Monitor", 329m, ["computers", "monitor", "display"], "A 27-inch 1440p {0} monitor with a height-adjustable stand and USB-C power delivery."),
        ]),
        new("Phones & Tablets", "Electronics", "PHN", ["Lumen", "Orbit", "Pixelon"],
        [
            new("Smartphone", 599m, ["phones", "smartphone", "5g"], "A {0} smartphone with a 6.4-inch OLED screen, a triple camera and two days of battery."),
            new("Tablet 11-inch", 449m, ["tablets", "tablet", "portable"], "An 11-inch {0} tablet for reading, drawing and streaming, with a pen sold separately."),
            new("Fast Charger 65W", 39m, ["phones", "charger", "accessories"], "A compact 65 W {0} charger that powers a phone, a tablet and a laptop from one plug."),
            new("Phone Case", 19m, ["phones", "case", "accessories"], "A slim, shock-absorbing {0} case with raised edges to protect the screen and camera."),
        ]),
        new("Cameras", "Electronics", "CAM", ["Opticon", "Kairo", "Lensmark"],
        [
            new("Mirrorless Camera", 1099m, ["cameras", "photography", "mirrorless"], "A 24-megapixel {0} mirrorless camera with in-body stabilisation and 4K video."),
            new("Action Camera", 299m, ["cameras", "video", "outdoor"], "A waterproof {0} action camera that films 4K at 60 fps, with a magnetic mount."),
            new("Camera Tripod", 89m, ["cameras", "tripod", "accessories"], "A carbon fibre {0} travel tripod that folds to 40 cm and holds 8 kg."),
            new("Camera Backpack", 119m, ["cameras", "bag", "travel"], "A weatherproof {0} backpack with padded dividers for two bodies and five lenses."),
        ]),
        new("Wearables", "Electronics", "WRB", ["Pulse", "Strider", "Tempo"],
        [
            new("Smartwatch", 249m, ["wearables", "smartwatch", "fitness"], "A {0} smartwatch with GPS, heart-rate and sleep tracking and a week of battery."),
            new("Fitness Band", 59m, ["wearables", "fitness", "tracker"], "A light {0} band that counts steps, tracks workouts and buzzes for notifications."),
            new("Smart Ring", 199m, ["wearables", "health", "sleep"], "A titanium {0} ring that measures sleep, temperature and recovery without a screen."),
            new("Watch Strap", 25m, ["wearables", "accessories", "strap"], "A breathable sport strap from {0} in soft silicone with a quick-release pin."),
        ]),
        new("Cookware", "Home & Kitchen", "CKW", ["Ferro", "Copperleaf", "Hearth"],
        [
            new("Cast Iron Skillet", 45m, ["kitchen", "cookware", "cast-iron"], "A pre-seasoned 26 cm {0} skillet that goes from the hob to the oven to the table."),
            new("Nonstick Frying Pan", 35m, ["kitchen", "cookware", "nonstick"], "A PFOA-free nonstick {0} pan with a stay-cool handle, for every hob including induction."),
            new("Stainless Saucepan Set", 129m, ["kitchen", "cookware", "stainless-steel"], "Three tri-ply stainless steel {0} saucepans with glass lids and pouring rims."),
            new("Dutch Oven", 89m, ["kitchen", "cookware", "enamel"], "A 5-litre enamelled {0} Dutch oven for stews, braises and bread."),
        ]),
        new("Small Appliances", "Home & Kitchen", "APL", ["Brewmaster", "Kitchenly", "Vapora"],
        [
            new("Espresso Machine", 349m, ["kitchen", "coffee", "appliances"], "A 15-bar {0} espresso machine with a steam wand for café-style milk drinks."),
            new("Blender", 99m, ["kitchen", "blender", "appliances"], "A 1200 W {0} blender that crushes ice and makes smoothies in seconds."),
            new("Air Fryer", 119m, ["kitchen", "air-fryer", "appliances"], "A 5.5-litre {0} air fryer that crisps with little or no oil."),
            new("Electric Kettle", 49m, ["kitchen", "kettle", "appliances"], "A 1.7-litre {0} kettle with temperature presets for green tea and coffee."),
        ]),
        new("Furniture", "Home & Kitchen", "FRN", ["Oakline", "Nordhus", "Loftwell"],
        [
            new("Desk Chair", 229m, ["furniture", "office", "chair"], "An ergonomic {0} desk chair with lumbar support and 4D armrests."),
            new("Standing Desk", 499m, ["furniture", "office", "desk"], "An electric height-adjustable {0} desk with memory presets and a bamboo top."),
            new("Bookshelf", 149m, ["furniture", "storage", "living-room"], "A five-shelf {0} bookcase in solid oak veneer."),
            new("Coffee Table", 179m, ["furniture", "living-room", "table"], "A round {0} coffee table with a hidden storage shelf."),
        ]),
        new("Men's Clothing", "Fashion", "MEN", ["Harbor", "Fieldcraft", "Urbanite"],
        [
            new("Men's Denim Jacket", 89m, ["fashion", "men", "jacket"], "A classic {0} denim jacket in rigid cotton that softens with wear."),
            new("Men's Merino Sweater", 79m, ["fashion", "men", "knitwear"], "A fine-knit merino {0} sweater that keeps warm without bulk."),
            new("Men's Chino Trousers", 59m, ["fashion", "men", "trousers"], "Slim-fit stretch cotton chinos from {0} for office and weekend."),
            new("Men's Rain Jacket", 129m, ["fashion", "men", "outerwear", "waterproof"], "A packable waterproof {0} shell with taped seams and a stowable hood."),
        ]),
        new("Women's Clothing", "Fashion", "WMN", ["Maris", "Wildrose", "Linea"],
        [
            new("Women's Linen Dress", 95m, ["fashion", "women", "dress", "summer"], "A breezy linen midi dress by {0} with pockets and a tie waist."),
            new("Women's Wool Coat", 219m, ["fashion", "women", "coat", "outerwear"], "A tailored {0} coat in a warm wool blend with a relaxed fit."),
            new("Women's Yoga Leggings", 55m, ["fashion", "women", "activewear"], "High-waisted, squat-proof {0} leggings with a hidden pocket."),
            new("Women's Silk Blouse", 119m, ["fashion", "women", "blouse"], "A washable silk {0} blouse with mother-of-pearl buttons."),
        ]),
        new("Shoes", "Fashion", "SHO", ["Stride", "Trailborn", "Cobble"],
        [
            new("Running Shoes", 129m, ["shoes", "running", "sports"], "Cushioned {0} running shoes with a breathable knit upper for daily miles."),
            new("Leather Sneakers", 109m, ["shoes", "sneakers", "leather"], "Minimal {0} sneakers in full-grain leather with a stitched cupsole."),
            new("Hiking Boots", 159m, ["shoes", "hiking", "waterproof", "outdoor"], "Waterproof {0} hiking boots with a grippy lugged sole and ankle support."),
            new("Wool Slippers", 49m, ["shoes", "slippers", "home"], "Cosy felted wool {0} slippers with a non-slip sole."),
        ]),
        new("Fitness", "Sports & Outdoors", "FIT", ["Ironclad", "Flexa", "Corewell"],
        [
            new("Adjustable Dumbbells", 299m, ["fitness", "weights", "home-gym"], "A pair of {0} dumbbells that adjust from 2 to 24 kg with a turn of the dial."),
            new("Yoga Mat", 39m, ["fitness", "yoga", "mat"], "A 6 mm non-slip {0} yoga mat with alignment lines and a carry strap."),
            new("Resistance Bands Set", 29m, ["fitness", "bands", "home-gym"], "Five {0} resistance bands from light to extra heavy, with handles and a door anchor."),
            new("Exercise Bike", 599m, ["fitness", "cardio", "bike"], "A quiet magnetic {0} exercise bike with 32 resistance levels and a tablet holder."),
        ]),
        new("Camping", "Sports & Outdoors", "CPG", ["Summit", "Campfire", "Wayfarer"],
        [
            new("Two-Person Tent", 189m, ["camping", "tent", "outdoor"], "A freestanding {0} tent for two that pitches in five minutes and weighs 2 kg."),
            new("Sleeping Bag", 99m, ["camping", "sleeping-bag", "outdoor"], "A three-season {0} sleeping bag comfortable down to -2 °C."),
            new("Camping Stove", 59m, ["camping", "stove", "cooking"], "A compact {0} gas stove that boils a litre of water in three minutes."),
            new("Headlamp", 35m, ["camping", "lighting", "outdoor"], "A rechargeable 400-lumen {0} headlamp with a red night mode."),
        ]),
        new("Cycling", "Sports & Outdoors", "CYC", ["Velo", "Spoke", "Cadence"],
        [
            new("Bike Helmet", 79m, ["cycling", "helmet", "safety"], "A light, well-ventilated {0} helmet with MIPS protection and a rear light."),
            new("Bike Lights Set", 45m, ["cycling", "lights", "safety"], "USB-rechargeable {0} front and rear lights that are bright enough for unlit roads."),
            new("Cycling Jersey", 69m, ["cycling", "apparel"], "A breathable {0} jersey with three back pockets and a full-length zip."),
            new("Bike Repair Kit", 35m, ["cycling", "tools", "repair"], "A {0} multi-tool, tyre levers, patches and a mini pump in one saddle bag."),
        ]),
        new("Books", null, "BOK", ["Penrose Press", "Lantern Books", "Quill & Co"],
        [
            new("Cookbook: Weeknight Dinners", 29m, ["books", "cooking"], "Eighty fast, fresh recipes for busy evenings, published by {0}."),
            new("Novel: The Quiet Harbour", 18m, ["books", "fiction", "novel"], "A sweeping family saga set on a windswept coast, from {0}."),
            new("Guide: Learn to Code", 39m, ["books", "programming", "education"], "A friendly introduction to programming with exercises and projects, by {0}."),
            new("Field Guide to Birds", 24m, ["books", "nature", "birds"], "Four hundred species illustrated, with maps and calls, from {0}."),
        ]),
        new("Toys & Games", null, "TOY", ["Playwise", "Brickton", "Funforge"],
        [
            new("Building Blocks Set", 59m, ["toys", "building", "kids"], "A 900-piece {0} building set with ideas for twenty models."),
            new("Strategy Board Game", 45m, ["games", "board-game", "family"], "A {0} board game of trading and building for two to five players."),
            new("Remote Control Car", 69m, ["toys", "rc", "kids"], "A fast all-terrain {0} RC car with a rechargeable battery."),
            new("Jigsaw Puzzle 1000 Pieces", 22m, ["games", "puzzle"], "A 1000-piece {0} puzzle of a hand-painted city map."),
        ]),
        new("Beauty & Personal Care", null, "BTY", ["Glow", "Puretone", "Verdant"],
        [
            new("Vitamin C Serum", 32m, ["beauty", "skincare", "serum"], "A brightening {0} serum with 15% vitamin C and hyaluronic acid."),
            new("Electric Toothbrush", 79m, ["personal-care", "oral-care"], "A sonic {0} toothbrush with a pressure sensor and a travel case."),
            new("Hair Dryer", 89m, ["beauty", "hair", "appliances"], "A fast, quiet ionic {0} hair dryer with three heat settings."),
            new("Mineral Sunscreen SPF 50", 19m, ["beauty", "skincare", "sun"], "A light, non-greasy mineral {0} sunscreen for face and body."),
        ]),
        new("Garden", null, "GRD", ["Greenthumb", "Terra", "Bloomfield"],
        [
            new("Garden Hose 30 m", 49m, ["garden", "watering"], "A kink-free {0} hose with a seven-pattern spray gun."),
            new("Pruning Shears", 25m, ["garden", "tools"], "Sharp bypass {0} secateurs with a safety lock for stems up to 2 cm."),
            new("Raised Garden Bed", 119m, ["garden", "planting", "outdoor"], "A galvanised steel {0} bed for vegetables and herbs, 120 by 60 cm."),
            new("Solar Garden Lights", 35m, ["garden", "lighting", "solar"], "Eight warm-white {0} solar path lights that switch on at dusk."),
        ]),
        new("Office Supplies", null, "OFC", ["Inkwell", "Paperline", "Deskmate"],
        [
            new("Fountain Pen", 45m, ["office", "writing", "pen"], "A brass {0} fountain pen with a fine steel nib and a converter."),
            new("Dotted Notebook A5", 15m, ["office", "paper", "notebook"], "A lay-flat {0} notebook with 160 pages of 100 g dotted paper."),
            new("Desk Organizer", 29m, ["office", "desk", "storage"], "A bamboo {0} organiser with slots for pens, notes and a phone."),
            new("Label Printer", 69m, ["office", "printer", "labels"], "A Bluetooth {0} label printer for folders, cables and jars."),
        ]),
        new("Pet Supplies", null, "PET", ["Pawsome", "Tailwag", "Whiskerly"],
        [
            new("Orthopedic Dog Bed", 89m, ["pets", "dogs", "bed"], "A memory foam {0} bed with a washable cover for dogs of every age."),
            new("Cat Scratching Post", 39m, ["pets", "cats", "furniture"], "A sisal {0} scratching post with a perch and a dangling toy."),
            new("Automatic Pet Feeder", 79m, ["pets", "feeder", "smart-home"], "A programmable {0} feeder that serves up to six meals a day."),
            new("Dog Leash", 19m, ["pets", "dogs", "walking"], "A reflective, padded {0} leash, 1.5 m long, with a traffic handle."),
        ]),
    ];
}
