"""The only home of pyHanko: sign PDFs (PKCS#12 file, PKCS#11 token), validate them,
and answer RFC 3161 timestamp requests for the room server."""

from meetingroom.signing.warning_policy import quiet_third_party

# before any module of this package imports pyHanko (see warning_policy for why)
quiet_third_party()
