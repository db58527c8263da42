// Every SQL annotation that shapes script.sql: table and column names, column types, indexes,
// generated keys, and relations over declared foreign-key fields (1-n and 1-1), which have their
// key's column type exactly (VARCHAR(12)), as bal persist requires (PERSIST_424).
import ballerina/persist as _;
import ballerinax/persist.sql;

enum Tier {
    GOLD = "gold",
    SILVER
}

@sql:Name {value: "shops"}
type Shop record {|
    @sql:Name {value: "shop_code"}
    @sql:Varchar {length: 12}
    readonly string code;
    @sql:Char {length: 2}
    string country;
    @sql:Decimal {precision: [12, 4]}
    decimal turnover;
    @sql:Index
    Tier tier;
    Ticket[] tickets;
    Manager? manager;
    Address? address;
    Badge? badge;
|};

type Ticket record {|
    @sql:Generated
    readonly int id;
    @sql:Index {name: "idx_title_shop"}
    string title;
    @sql:Index {name: "idx_title_shop"}
    @sql:Varchar {length: 12}
    string shopCode;
    @sql:Relation {keys: ["shopCode"]}
    Shop shop;
|};

# A one-to-one relation over a declared foreign key without a unique index: script.sql adds UNIQUE.
type Manager record {|
    readonly int id;
    @sql:Name {value: "managed_shop"}
    @sql:Varchar {length: 12}
    string managedShop;
    @sql:Relation {keys: ["managedShop"]}
    Shop shop;
|};

# A one-to-one relation over a declared foreign key with its own unique index.
type Address record {|
    readonly int id;
    @sql:UniqueIndex {name: "address_shop"}
    @sql:Varchar {length: 12}
    string shopRef;
    @sql:Relation {keys: ["shopRef"]}
    Shop shop;
|};

# A derived one-to-one foreign key: it takes the referenced key's type (VARCHAR(12)) and UNIQUE.
type Badge record {|
    readonly int id;
    @sql:UniqueIndex
    int serial;
    Shop owner;
|};
