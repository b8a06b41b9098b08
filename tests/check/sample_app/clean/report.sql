SELECT PartyId, FullName FROM Party WHERE Status = 'A' ORDER BY LastName LIMIT 10;
