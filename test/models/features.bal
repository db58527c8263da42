// The feature-complete test model: every simple type (nullable and not), enums with and without
// values, a quoted identifier, int / string / composite keys, 1-1 and 1-n relations seen from both
// sides, two relations between the same two entities, and composite foreign keys.
import ballerina/persist as _;
import ballerina/time;

# Where a customer stands.
public enum Status {
    # May order.
    ACTIVE = "active",
    SUSPENDED = "suspended",
    CLOSED
}

# A customer holds one field of every simple type.
# + nickname - what the customer likes to be called
type Customer record {|
    readonly int id;
    # The customer's full name,
    # as written on "invoices"
    string name;
    string? nickname;
    int age;
    int? score;
    float rating;
    float? weight;
    decimal balance;
    decimal? credit;
    boolean active;
    boolean? verified;
    byte[]? avatar;
    time:Date birthDate;
    time:Date? anniversary;
    time:TimeOfDay wakeUp;
    time:TimeOfDay? bedTime;
    time:Utc createdAt;
    time:Utc? deletedAt;
    time:Civil lastSeen;
    time:Civil? nextVisit;
    Status status;
    Status? previousStatus;
    string 'type;

    # The customer's profile, if any.
    Profile? profile;
    Order[] orders;
    Order[] referredOrders;
|};

# The 1-1 owner: holds customerId, unique.
type Profile record {|
    readonly string handle;
    string bio;
    Customer customer;
|};

# Two relations to Customer, paired by declaration order: customer ↔ orders, referrer ↔ referredOrders.
type Order record {|
    readonly string orderNo;
    time:Date placedOn;
    decimal total;
    Customer customer;
    Customer referrer;
    OrderLine[] lines;
|};

# A composite key, referenced through composite foreign keys.
type Product record {|
    readonly string vendor;
    readonly int sku;
    string title;
    decimal price;
    OrderLine[] lines;
    Warranty? warranty;
|};

type OrderLine record {|
    readonly string lineId;
    int quantity;
    string? note;
    Order 'order;
    Product product;
|};

# A 1-1 relation over a composite foreign key (productVendor, productSku).
type Warranty record {|
    readonly int id;
    int months;
    Product product;
|};
