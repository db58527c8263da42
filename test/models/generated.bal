// Generated (AUTO_INCREMENT) keys, which neither rainier nor the feature model has.
import ballerina/persist as _;
import ballerinax/persist.sql;

type Ticket record {|
    @sql:Generated
    readonly int id;
    string title;
    Comment[] comments;
|};

type Comment record {|
    @sql:Generated
    readonly int id;
    string body;
    Ticket ticket;
|};
