"""The reference article of DESIGN.md (an AP story republished by The Independent), its
paragraphs reproduced for the topic tests: the headline is the brief's, the body retells the
story in wire style."""

TITLE = (
    "US sanctions North Korean couple accused of helping to procure equipment for ballistic "
    "missiles"
)
BODY = (
    "The Biden administration on Thursday imposed sanctions on a North Korean couple accused of "
    "helping to procure equipment for the country's ballistic missile program.\n"
    "The Treasury's Office of Foreign Assets Control said Choe Chol Min and his wife, Choe Un "
    "Jong, worked from China to buy machine tools, batteries and electronics for weapons makers "
    "in Pyongyang in violation of United Nations sanctions.\n"
    "Choe Chol Min used front companies registered in Hong Kong and paid suppliers through "
    "accounts held by relatives, hiding the final destination of every shipment, the Treasury "
    "Department said.\n"
    '"The United States will continue to target those who help North Korea obtain the '
    'technology for its weapons programs," said Brian Nelson, the under secretary of the '
    "Treasury for terrorism and financial intelligence.\n"
    "North Korea has tested a series of ballistic missiles this year, and the sanctions freeze "
    "any assets the couple hold under American jurisdiction and bar Americans from dealing with "
    "them. The State Department also offered a reward of up to $5 million for information on "
    "the network.\n"
    "Copyright 2021 The Associated Press. All rights reserved."
)
