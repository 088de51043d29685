"""Sealed secret ballots: the only home of HPKE sealing and Shamir key sharing."""
