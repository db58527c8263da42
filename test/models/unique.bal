// `@sql:UniqueIndex` indexes over nullable fields, which neither rainier nor the feature model
// has: one field (email), two fields of which one is a decimal (shirt), a CHAR field (country),
// next to a 1-1 relation (locker) and a 1-n relation (club) to order their checks against.
import ballerina/persist as _;
import ballerinax/persist.sql;

type Club record {|
    readonly string code;
    Member[] members;
|};

type Locker record {|
    readonly int id;
    Member? member;
|};

type Member record {|
    readonly int id;
    @sql:UniqueIndex
    string? email;
    @sql:UniqueIndex {name: "unique_idx_shirt"}
    string? squad;
    @sql:UniqueIndex {name: "unique_idx_shirt"}
    decimal? number;
    @sql:Char {length: 3}
    @sql:UniqueIndex
    string? country;
    Locker locker;
    Club club;
|};
