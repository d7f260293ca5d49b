"""A merger of two grassroots unions: members and employers of one move into the other, then
the first dissolves. It moves members, so it sits in the members app, above organizations
(whose services it calls for the employers and the dissolution)."""
