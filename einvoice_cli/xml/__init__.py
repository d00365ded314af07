"""XML under our control: the one hardened parser, the one Saxon processor, and which long texts
Saxon's copy of a document may shorten or mark."""
